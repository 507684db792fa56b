using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Kernels;

/// <summary>
/// Grouped, strided, padded, dilated convolution over contiguous NC(D)(H)W arrays via im2col + GEMM. Per image and
/// group, output block = W_g [out/groups, K] · col [K, block], where col holds the input taps of a block of output rows
/// (K = in/groups · taps). Blocks bound the column buffer so it stays in cache. Backward: weight gradient
/// dW_g += dY_block · colᵀ (images and blocks in fixed order); input gradient dcol = W_gᵀ · dY_block scattered back
/// (col2im) channel by channel. The forward picks the cheapest of: Winograd (float 2-D 3×3 / 5×5 stride 1, see
/// <see cref="Winograd3x3"/>), the stride-1 shifted-input GEMMs, position-major tiles (16–64 outputs per group),
/// blocked im2col. Parallel work goes through <see cref="ComputeThreads"/> in fixed partitions (im2col over column
/// rows, col2im over channels, position tiles, GEMM over its own slices), so results depend only on the thread count.
/// </summary>
internal static class Convolution
{
    // Column-buffer budget in elements per GEMM call (16 MB of float): big enough for long GEMM panels, small
    // enough to stay in L3 next to the weights and the output block.
    private const int ColumnBudget = 1 << 22;

    // Output channels per group for which the forward GEMM runs position-major (one packed weight panel).
    private const int MinPositionMajor = 16;
    private const int MaxPositionMajor = 64;

    // Column bytes per position tile of the position-major forward: with the [positions, out] product, well inside
    // a 1 MB L2, so the GEMM reads the columns that im2col just wrote from cache.
    private const int PositionTileBytes = 384 * 1024;

    // Fewest elements one parallel chunk of im2col / col2im should copy, so forking pays off.
    private const int MinParallelElements = 1 << 15;

    public static int RowsPerBlock(WindowGeometry g) =>
        Math.Clamp(ColumnBudget / Math.Max(1, g.ColumnRows * g.OW), 1, Math.Max(1, g.OutputRows));

    /// <summary>
    /// y = conv(x, w) + b, then max(y, 0) when <paramref name="relu"/> (fused while each output row is still in cache);
    /// <paramref name="y"/> is a fresh contiguous [N, out, OD, OH, OW] array.
    /// </summary>
    public static void Forward<T>(WindowGeometry g, T[] x, int xOffset, T[] w, int wOffset, T[]? bias, int biasOffset, T[] y, bool relu = false, ConvolutionWeightCache? cache = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Winograd3x3.Applies(g))
        {
            Winograd3x3.Forward(g, (float[])(object)x, xOffset, (float[])(object)w, wOffset, (float[]?)(object?)bias, biasOffset, (float[])(object)y, relu, cache);
            return;
        }

        if (UseShifted(g))
        {
            if (typeof(T) == typeof(float))
            {
                ForwardShiftedFloat(g, (float[])(object)x, xOffset, (float[])(object)w, wOffset, (float[]?)(object?)bias, biasOffset, (float[])(object)y, relu, cache);
                return;
            }

            ForwardShifted(g, x, xOffset, w, wOffset, bias, biasOffset, y, relu);
            return;
        }

        var (k, p, cg, og) = (g.ColumnRows, g.OutputPlane, g.GroupInChannels, g.GroupOutChannels);
        if (!g.IsPointwise && og is >= MinPositionMajor and <= MaxPositionMajor)
        {
            ForwardPositionMajor(g, x, xOffset, w, wOffset, bias, biasOffset, y, relu);
            return;
        }

        var rowsPerBlock = RowsPerBlock(g);
        var col = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(k * rowsPerBlock * g.OW);
        try
        {
            for (var n = 0; n < g.Batch; n++)
            {
                for (var grp = 0; grp < g.Groups; grp++)
                {
                    var xo = xOffset + (((n * g.InChannels) + (grp * cg)) * g.InputPlane);
                    var yo = ((n * g.OutChannels) + (grp * og)) * p;
                    var wg = w.AsSpan(wOffset + (grp * og * k));
                    if (col is null)
                    {
                        GenericGemm.Multiply<T>(false, false, og, p, k, wg, k, x.AsSpan(xo), p, false, y.AsSpan(yo), p);
                        continue;
                    }

                    for (var q0 = 0; q0 < g.OutputRows; q0 += rowsPerBlock)
                    {
                        var q1 = Math.Min(g.OutputRows, q0 + rowsPerBlock);
                        var cols = (q1 - q0) * g.OW;
                        Im2Col(g, x, xo, col, q0, q1);
                        GenericGemm.Multiply<T>(false, false, og, cols, k, wg, k, col, cols, false, y.AsSpan(yo + (q0 * g.OW)), p);
                    }
                }

                if (bias is not null || relu)
                {
                    for (var o = 0; o < g.OutChannels; o++)
                    {
                        var row = y.AsSpan(((n * g.OutChannels) + o) * p, p);
                        if (bias is not null)
                        {
                            TP.Add(row, bias[biasOffset + o], row);
                        }

                        if (relu)
                        {
                            ReluKernels<T>.Forward(row, row);
                        }
                    }
                }
            }
        }
        finally
        {
            if (col is not null)
            {
                ArrayPool<T>.Shared.Return(col);
            }
        }
    }

    /// <summary>
    /// Few output channels (e.g. AlexNet's conv1, 64 outputs of K = 363): GEMM with positions as rows (colᵀ · Wᵀ), so
    /// the single weight panel is the packed operand and the position-major columns are read in place. Each thread
    /// takes a fixed contiguous run of position tiles and, per tile, builds its columns, multiplies on its own thread
    /// and transposes the [positions, out] product into y with bias and ReLU, so the tile's columns and product
    /// never leave L2. Every output element is one GEMM dot product over K, independent of the tiling.
    /// </summary>
    private static void ForwardPositionMajor<T>(WindowGeometry g, T[] x, int xOffset, T[] w, int wOffset, T[]? bias, int biasOffset, T[] y, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (k, p, cg, og) = (g.ColumnRows, g.OutputPlane, g.GroupInChannels, g.GroupOutChannels);
        var tile = PositionTile(k, Unsafe.SizeOf<T>(), p);
        var tiles = (p + tile - 1) / tile;
        var planes = g.Batch * g.Groups;
        ComputeThreads.For(planes * tiles, 1, (_, t0, t1) =>
        {
            var col = ArrayPool<T>.Shared.Rent(tile * k);
            var product = ArrayPool<T>.Shared.Rent(tile * og);
            try
            {
                for (var t = t0; t < t1; t++)
                {
                    var (plane, j0) = (t / tiles, t % tiles * tile);
                    var (n, grp) = (plane / g.Groups, plane % g.Groups);
                    var count = Math.Min(tile, p - j0);
                    var xo = xOffset + (((n * g.InChannels) + (grp * cg)) * g.InputPlane);
                    var yo = ((n * g.OutChannels) + (grp * og)) * p;
                    if (typeof(T) == typeof(float))
                    {
                        PositionMajorTile((float[])(object)x, xo, (float[])(object)col, j0, count, g);
                    }
                    else
                    {
                        Im2ColByPosition(g, x, xo, col, j0, count);
                    }

                    GenericGemm.Multiply<T>(false, true, count, og, k, col, k, w.AsSpan(wOffset + (grp * og * k)), k, false, product, og, serial: true);
                    if (typeof(T) == typeof(float) && PositionMajorFloat.CanTranspose(og))
                    {
                        TransposeFloat((float[])(object)product, count, og, (float[])(object)y, yo + j0, p, (float[]?)(object?)bias, biasOffset + (grp * og), relu);
                    }
                    else
                    {
                        Transpose(product, count, og, 0, og, y, yo + j0, p, bias, biasOffset + (grp * og), relu);
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(col);
                ArrayPool<T>.Shared.Return(product);
            }
        });
    }

    private static unsafe void PositionMajorTile(float[] x, int xOffset, float[] col, int j0, int count, WindowGeometry g)
    {
        fixed (float* px = x, pc = col)
        {
            PositionMajorFloat.Im2ColByPosition(g, px + xOffset, pc, j0, count);
        }
    }

    private static unsafe void TransposeFloat(float[] product, int rows, int outs, float[] y, int offset, int ldy, float[]? bias, int biasOffset, bool relu)
    {
        if (rows <= 0)
        {
            return;
        }

        // The last channel's row must fit: y[offset + (outs − 1)·ldy + rows − 1].
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)offset + ((long)(outs - 1) * ldy) + rows, y.Length, nameof(y));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)rows * outs, product.Length, nameof(product));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bias is null ? 0 : biasOffset + outs, bias?.Length ?? 0, nameof(bias));
        fixed (float* pp = product, py = y, pb = bias)
        {
            PositionMajorFloat.Transpose(pp, rows, outs, py + offset, ldy, bias is null ? null : pb + biasOffset, relu);
        }
    }

    /// <summary>Positions per tile of <see cref="ForwardPositionMajor"/>: a multiple of the GEMM's 6-row tiles whose columns fit the budget.</summary>
    public static int PositionTile(int k, int elementBytes, int positions) =>
        Math.Min(Math.Max(6, PositionTileBytes / Math.Max(1, k * elementBytes) / 6 * 6), Math.Max(1, positions));

    /// <summary>
    /// Whether the stride-1 "shifted" forward applies and needs less buffer than im2col: its buffer holds only the
    /// KW width shifts of the padded input, not all taps at every output position.
    /// </summary>
    public static bool UseShifted(WindowGeometry g)
    {
        if (g.SD != 1 || g.SH != 1 || g.SW != 1 || g.KD * g.KH == 1)
        {
            return false;
        }

        var shifted = (long)g.KW * (g.ID + (2 * g.PD)) * (g.IH + (2 * g.PH)) * (g.IW + (2 * g.PW));
        var im2col = (long)g.Taps * g.OutputPlane;
        return shifted < im2col;
    }

    /// <summary>
    /// Stride-1 forward without a full column matrix. Each input channel c is laid out zero-padded (Dp × Hp × Wp)
    /// once per width tap kw, shifted left by kw·dilation (buffer E, rows (c, kw)). For output positions indexed
    /// e = (od·Hp + oh)·Wp + ow on the padded grid, tap (kd, kh) reads E at e + (kd·dD·Hp + kh·dH)·Wp: a plain
    /// strided matrix, so y_ext += W[kd, kh] [out, (c, kw)] · E[offset …] is one GEMM per (kd, kh). Columns with
    /// ow ≥ OW (and rows oh ≥ OH between depth slices) are computed but dropped when y is copied out.
    /// </summary>
    private static void ForwardShifted<T>(WindowGeometry g, T[] x, int xOffset, T[] w, int wOffset, T[]? bias, int biasOffset, T[] y, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (cg, og, p) = (g.GroupInChannels, g.GroupOutChannels, g.OutputPlane);
        var (dp, hp, wp) = (g.ID + (2 * g.PD), g.IH + (2 * g.PH), g.IW + (2 * g.PW));
        var plane = dp * hp * wp;
        var kRows = cg * g.KW;
        var extended = (((g.OD - 1) * hp) + g.OH) * wp;
        var slices = g.KD * g.KH;

        // Weights regrouped per (kd, kh) slice as [out, (c, kw)] matrices: packed[slice][o][c·KW + kw].
        var packed = ArrayPool<T>.Shared.Rent(slices * g.OutChannels * kRows);
        var shiftedInput = ArrayPool<T>.Shared.Rent(kRows * plane);
        var ext = ArrayPool<T>.Shared.Rent(og * extended);
        try
        {
            var taps = g.Taps;
            ComputeThreads.For(slices * g.OutChannels, Math.Max(1, MinParallelElements / Math.Max(1, kRows)), (_, r0, r1) =>
            {
                for (var r = r0; r < r1; r++)
                {
                    var (slice, o) = (r / g.OutChannels, r % g.OutChannels);
                    var dst = packed.AsSpan(r * kRows, kRows);
                    var src = wOffset + (o * cg * taps) + (slice * g.KW);
                    for (var c = 0; c < cg; c++, src += taps)
                    {
                        // Runs of KW (often 3) elements: a plain loop beats a memmove call per run.
                        for (var kw = 0; kw < g.KW; kw++)
                        {
                            dst[(c * g.KW) + kw] = w[src + kw];
                        }
                    }
                }
            });

            for (var n = 0; n < g.Batch; n++)
            {
                for (var grp = 0; grp < g.Groups; grp++)
                {
                    ShiftInput(g, x, xOffset + (((n * g.InChannels) + (grp * cg)) * g.InputPlane), shiftedInput, dp, hp, wp);
                    for (var slice = 0; slice < slices; slice++)
                    {
                        var (kd, kh) = (slice / g.KH, slice % g.KH);
                        var offset = ((kd * g.DD * hp) + (kh * g.DH)) * wp;
                        var a = packed.AsSpan(((slice * g.OutChannels) + (grp * og)) * kRows);
                        GenericGemm.Multiply<T>(false, false, og, extended, kRows, a, kRows, shiftedInput.AsSpan(offset), plane, slice > 0, ext, extended);
                    }

                    CropExtended(g, ext, extended, hp, wp, y, ((n * g.OutChannels) + (grp * og)) * p, bias, biasOffset + (grp * og), relu);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
            ArrayPool<T>.Shared.Return(shiftedInput);
            ArrayPool<T>.Shared.Return(ext);
        }
    }

    /// <summary>
    /// float32 <see cref="ForwardShifted"/> without its copies: the GEMM reads the weights in their own layout (A
    /// columns (c, kw) of slice (kd, kh) are run-mapped: c · taps + kw) and one zero-padded copy of the input as the
    /// shifted rows (B row (c, kw) starts at c · plane + kw · dW), instead of a regrouped weight matrix and KW
    /// shifted input copies. The GEMM packs the same values in the same order, so the result is bit-identical to
    /// the generic path. Shifted rows of the last channel run up to (KW − 1) · dW past its plane (into columns that
    /// are dropped), so the padded buffer has that much zeroed slack.
    /// </summary>
    private static void ForwardShiftedFloat(WindowGeometry g, float[] x, int xOffset, float[] w, int wOffset, float[]? bias, int biasOffset, float[] y, bool relu, ConvolutionWeightCache? cache)
    {
        var (cg, og, p, k) = (g.GroupInChannels, g.GroupOutChannels, g.OutputPlane, g.ColumnRows);
        var (dp, hp, wp) = (g.ID + (2 * g.PD), g.IH + (2 * g.PH), g.IW + (2 * g.PW));
        var plane = dp * hp * wp;
        var kRows = cg * g.KW;

        // Output columns rounded up to whole 64-wide GEMM panels (both threads' halves too), so no tile takes the
        // scalar edge path; the extra columns read into the slack and are dropped like the other padding columns.
        var extended = ((((((g.OD - 1) * hp) + g.OH) * wp) + 127) / 128) * 128;
        var slices = g.KD * g.KH;
        var slack = ((g.KW - 1) * g.DW) + extended - ((((g.OD - 1) * hp) + g.OH) * wp);
        var packedSize = (int)Gemm.PackedASize(og, kRows);
        var groupSize = slices * packedSize;
        var cached = cache?.Shifted(() =>
        {
            var all = new float[g.Groups * groupSize];
            for (var grp = 0; grp < g.Groups; grp++)
            {
                PackShiftedWeights(g, w, wOffset, grp, all.AsSpan(grp * groupSize, groupSize), packedSize);
            }

            return all;
        });
        var packed = cached ?? ArrayPool<float>.Shared.Rent(groupSize);
        var padded = ArrayPool<float>.Shared.Rent((cg * plane) + slack);
        var ext = ArrayPool<float>.Shared.Rent(og * extended);
        try
        {
            padded.AsSpan(cg * plane, slack).Clear();
            for (var grp = 0; grp < g.Groups; grp++)
            {
                // The group's weights, packed once per slice for all images (a copy, the same values as per GEMM call).
                var pOffset = cached is null ? 0 : grp * groupSize;
                if (cached is null)
                {
                    PackShiftedWeights(g, w, wOffset, grp, packed.AsSpan(0, groupSize), packedSize);
                }

                for (var n = 0; n < g.Batch; n++)
                {
                    PadInput(g, x, xOffset + (((n * g.InChannels) + (grp * cg)) * g.InputPlane), padded, dp, hp, wp);
                    for (var slice = 0; slice < slices; slice++)
                    {
                        var (kd, kh) = (slice / g.KH, slice % g.KH);
                        var offset = ((kd * g.DD * hp) + (kh * g.DH)) * wp;
                        Gemm.MultiplyRuns(
                            og,
                            extended,
                            kRows,
                            default,
                            k,
                            null,
                            padded.AsSpan(offset),
                            plane,
                            new GemmRuns(g.KW, plane, g.DW),
                            slice > 0 ? 1f : 0f,
                            ext,
                            extended,
                            packedA: packed.AsSpan(pOffset + (slice * packedSize), packedSize));
                    }

                    CropExtendedFloat(g, ext, extended, hp, wp, y, ((n * g.OutChannels) + (grp * og)) * p, bias, biasOffset + (grp * og), relu);
                }
            }
        }
        finally
        {
            if (cached is null)
            {
                ArrayPool<float>.Shared.Return(packed);
            }

            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<float>.Shared.Return(ext);
        }
    }

    // Group grp's weights as the stride-1 path's A matrices: slice (kd, kh) = [out, (c, kw)], packed for the GEMM.
    private static void PackShiftedWeights(WindowGeometry g, float[] w, int wOffset, int grp, Span<float> packed, int packedSize)
    {
        var (og, k) = (g.GroupOutChannels, g.ColumnRows);
        var kRows = g.GroupInChannels * g.KW;
        for (var slice = 0; slice < g.KD * g.KH; slice++)
        {
            var a = w.AsSpan(wOffset + (grp * og * k) + (slice * g.KW));
            Gemm.PackA(og, kRows, a, k, new GemmRuns(g.KW, g.Taps, 1), packed.Slice(slice * packedSize, packedSize));
        }
    }

    // y[o, q, ow] = relu?(ext[o, row q on the padded grid, ow] + bias[o]) for the group's outputs.
    private static void CropExtended<T>(WindowGeometry g, T[] ext, int extended, int hp, int wp, T[] y, int yo, T[]? bias, int b0, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (og, p) = (g.GroupOutChannels, g.OutputPlane);
        ComputeThreads.For(og, Math.Max(1, MinParallelElements / Math.Max(1, p)), (_, o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
            {
                var shift = bias is null ? T.Zero : bias[b0 + o];
                for (var q = 0; q < g.OutputRows; q++)
                {
                    var src = ext.AsSpan((o * extended) + ((((q / g.OH) * hp) + (q % g.OH)) * wp), g.OW);
                    var dst = y.AsSpan(yo + (o * p) + (q * g.OW), g.OW);
                    TP.Add(src, shift, dst);
                    if (relu)
                    {
                        ReluKernels<T>.Forward(dst, dst);
                    }
                }
            }
        });
    }

    // CropExtended for float with 8-wide vectors; a row's last vector may overlap the previous one (recomputing the
    // same values from ext, which is not modified).
    private static void CropExtendedFloat(WindowGeometry g, float[] ext, int extended, int hp, int wp, float[] y, int yo, float[]? bias, int b0, bool relu)
    {
        if (g.OW < Vector256<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            CropExtended(g, ext, extended, hp, wp, y, yo, bias, b0, relu);
            return;
        }

        var (og, p, ow) = (g.GroupOutChannels, g.OutputPlane, g.OW);
        ComputeThreads.For(og, Math.Max(1, MinParallelElements / Math.Max(1, p)), (_, o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
            {
                var shift = Vector256.Create(bias is null ? 0f : bias[b0 + o]);
                for (var q = 0; q < g.OutputRows; q++)
                {
                    var src = ext.AsSpan((o * extended) + ((((q / g.OH) * hp) + (q % g.OH)) * wp), ow);
                    var dst = y.AsSpan(yo + (o * p) + (q * ow), ow);
                    for (var j = 0; ; j += Vector256<float>.Count)
                    {
                        j = Math.Min(j, ow - Vector256<float>.Count);
                        var v = Vector256.Create<float>(src[j..]) + shift;
                        if (relu)
                        {
                            v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero);
                        }

                        v.CopyTo(dst[j..]);
                        if (j == ow - Vector256<float>.Count)
                        {
                            break;
                        }
                    }
                }
            }
        });
    }

    // Channel c of one image's group zero-padded to dp × hp × wp at e[c · plane …].
    private static void PadInput<T>(WindowGeometry g, T[] x, int xOffset, T[] e, int dp, int hp, int wp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plane = dp * hp * wp;
        ComputeThreads.For(g.GroupInChannels, Math.Max(1, MinParallelElements / Math.Max(1, plane)), (_, c0, c1) =>
        {
            for (var c = c0; c < c1; c++)
            {
                for (var q = 0; q < dp * hp; q++)
                {
                    var (id, ih) = ((q / hp) - g.PD, (q % hp) - g.PH);
                    var row = e.AsSpan((c * plane) + (q * wp), wp);
                    if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH)
                    {
                        row.Clear();
                        continue;
                    }

                    row[..g.PW].Clear();
                    row[(g.PW + g.IW)..].Clear();
                    x.AsSpan(xOffset + (((((c * g.ID) + id) * g.IH) + ih) * g.IW), g.IW).CopyTo(row.Slice(g.PW, g.IW));
                }
            }
        });
    }

    // Buffer E of ForwardShifted: row (c, kw) = channel c zero-padded to dp × hp × wp, shifted left by kw · dW.
    private static void ShiftInput<T>(WindowGeometry g, T[] x, int xOffset, T[] e, int dp, int hp, int wp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rows = g.GroupInChannels * g.KW;
        var plane = dp * hp * wp;
        ComputeThreads.For(rows, Math.Max(1, MinParallelElements / Math.Max(1, plane)), (_, r0, r1) =>
        {
            for (var r = r0; r < r1; r++)
            {
                var (c, kw) = (r / g.KW, r % g.KW);
                var start = (kw * g.DW) - g.PW;
                var (lo, hi) = WindowGeometry.ValidRange(start, 1, g.IW, wp);
                for (var q = 0; q < dp * hp; q++)
                {
                    var (id, ih) = ((q / hp) - g.PD, (q % hp) - g.PH);
                    var row = e.AsSpan((r * plane) + (q * wp), wp);
                    if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH)
                    {
                        row.Clear();
                        continue;
                    }

                    row[..lo].Clear();
                    row[hi..].Clear();
                    x.AsSpan(xOffset + (((((c * g.ID) + id) * g.IH) + ih) * g.IW) + start + lo, hi - lo).CopyTo(row[lo..hi]);
                }
            }
        });
    }

    /// <summary>
    /// Gradients from dY (contiguous [N, out, OD, OH, OW]): into fresh zeroed arrays <paramref name="gx"/> (input
    /// layout), <paramref name="gw"/> (weight layout) and <paramref name="gb"/> [out]; a null array is skipped.
    /// </summary>
    public static void Backward<T>(WindowGeometry g, T[] x, int xOffset, T[] w, int wOffset, T[] gy, T[]? gx, T[]? gw, T[]? gb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (k, p, cg, og) = (g.ColumnRows, g.OutputPlane, g.GroupInChannels, g.GroupOutChannels);
        var rowsPerBlock = RowsPerBlock(g);
        var blockSize = k * rowsPerBlock * g.OW;
        var col = g.IsPointwise || gw is null ? null : ArrayPool<T>.Shared.Rent(blockSize);
        var dcol = g.IsPointwise || gx is null ? null : ArrayPool<T>.Shared.Rent(blockSize);
        try
        {
            for (var n = 0; n < g.Batch; n++)
            {
                for (var grp = 0; grp < g.Groups; grp++)
                {
                    var xo = ((n * g.InChannels) + (grp * cg)) * g.InputPlane;
                    var yo = ((n * g.OutChannels) + (grp * og)) * p;
                    var wg = w.AsSpan(wOffset + (grp * og * k));
                    if (g.IsPointwise)
                    {
                        if (gw is not null)
                        {
                            GenericGemm.Multiply<T>(false, true, og, k, p, gy.AsSpan(yo), p, x.AsSpan(xOffset + xo), p, n > 0, gw.AsSpan(grp * og * k), k);
                        }

                        if (gx is not null)
                        {
                            GenericGemm.Multiply<T>(true, false, k, p, og, wg, k, gy.AsSpan(yo), p, false, gx.AsSpan(xo), p);
                        }

                        continue;
                    }

                    for (var q0 = 0; q0 < g.OutputRows; q0 += rowsPerBlock)
                    {
                        var q1 = Math.Min(g.OutputRows, q0 + rowsPerBlock);
                        var cols = (q1 - q0) * g.OW;
                        var gyBlock = gy.AsSpan(yo + (q0 * g.OW));
                        if (col is not null)
                        {
                            Im2Col(g, x, xOffset + xo, col, q0, q1);
                            GenericGemm.Multiply<T>(false, true, og, k, cols, gyBlock, p, col, cols, n > 0 || q0 > 0, gw.AsSpan(grp * og * k), k);
                        }

                        if (dcol is not null)
                        {
                            GenericGemm.Multiply<T>(true, false, k, cols, og, wg, k, gyBlock, p, false, dcol, cols);
                            Col2Im(g, dcol, gx!, xo, q0, q1);
                        }
                    }
                }
            }

            if (gb is not null)
            {
                for (var o = 0; o < g.OutChannels; o++)
                {
                    var sum = T.Zero;
                    for (var n = 0; n < g.Batch; n++)
                    {
                        sum += TP.Sum<T>(gy.AsSpan(((n * g.OutChannels) + o) * p, p));
                    }

                    gb[o] = sum;
                }
            }
        }
        finally
        {
            if (col is not null)
            {
                ArrayPool<T>.Shared.Return(col);
            }

            if (dcol is not null)
            {
                ArrayPool<T>.Shared.Return(dcol);
            }
        }
    }

    /// <summary>
    /// Column matrix of one image's group (channels starting at <paramref name="xOffset"/>) for output rows
    /// [q0, q1): row r = (c, kd, kh, kw), column = output position within the block; padding taps are zero.
    /// </summary>
    public static void Im2Col<T>(WindowGeometry g, T[] x, int xOffset, T[] col, int q0, int q1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = (q1 - q0) * g.OW;
        var minChunk = Math.Max(1, MinParallelElements / Math.Max(1, cols));
        ComputeThreads.For(g.ColumnRows, minChunk, (_, r0, r1) =>
        {
            for (var r = r0; r < r1; r++)
            {
                var c = r / g.Taps;
                var t = r % g.Taps;
                var (kd, kh, kw) = (t / (g.KH * g.KW), t / g.KW % g.KH, t % g.KW);
                var wStart = (kw * g.DW) - g.PW;
                var (lo, hi) = WindowGeometry.ValidRange(wStart, g.SW, g.IW, g.OW);
                var dst = col.AsSpan(r * cols, cols);
                for (var q = q0; q < q1; q++)
                {
                    var id = ((q / g.OH) * g.SD) - g.PD + (kd * g.DD);
                    var ih = ((q % g.OH) * g.SH) - g.PH + (kh * g.DH);
                    var row = dst.Slice((q - q0) * g.OW, g.OW);
                    if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH)
                    {
                        row.Clear();
                        continue;
                    }

                    var src = xOffset + (((((c * g.ID) + id) * g.IH) + ih) * g.IW) + wStart;
                    row[..lo].Clear();
                    row[hi..].Clear();
                    if (g.SW == 1)
                    {
                        x.AsSpan(src + lo, hi - lo).CopyTo(row[lo..hi]);
                    }
                    else
                    {
                        for (var ow = lo; ow < hi; ow++)
                        {
                            row[ow] = x[src + (ow * g.SW)];
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// The transpose of <see cref="Im2Col"/> for output positions [j0, j0 + count) of one image's group: row = output
    /// position, column r = (c, kd, kh, kw); runs on the calling thread. Along a row the KW width taps of one input
    /// row are adjacent, so undilated in-range taps are one contiguous copy.
    /// </summary>
    public static void Im2ColByPosition<T>(WindowGeometry g, T[] x, int xOffset, T[] col, int j0, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = g.ColumnRows;
        for (var j = 0; j < count; j++)
        {
            var q = (j0 + j) / g.OW;
            var ow = (j0 + j) % g.OW;
            var (od, oh) = (q / g.OH, q % g.OH);
            var iw0 = (ow * g.SW) - g.PW;
            var inside = iw0 >= 0 && iw0 + ((g.KW - 1) * g.DW) < g.IW && g.DW == 1;
            var dst = col.AsSpan(j * k, k);
            var r = 0;
            for (var c = 0; c < g.GroupInChannels; c++)
            {
                for (var kd = 0; kd < g.KD; kd++)
                {
                    var id = (od * g.SD) - g.PD + (kd * g.DD);
                    for (var kh = 0; kh < g.KH; kh++, r += g.KW)
                    {
                        var ih = (oh * g.SH) - g.PH + (kh * g.DH);
                        var taps = dst.Slice(r, g.KW);
                        if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH)
                        {
                            taps.Clear();
                            continue;
                        }

                        var row = xOffset + (((((c * g.ID) + id) * g.IH) + ih) * g.IW);
                        if (inside)
                        {
                            x.AsSpan(row + iw0, g.KW).CopyTo(taps);
                            continue;
                        }

                        for (var kw = 0; kw < g.KW; kw++)
                        {
                            var iw = iw0 + (kw * g.DW);
                            taps[kw] = (uint)iw < (uint)g.IW ? x[row + iw] : T.Zero;
                        }
                    }
                }
            }
        }
    }

    // y[o, offset + j] = product[j, o] for output channels [o0, o1) of a [rows, outs] product, on the calling thread.
    private static void Transpose<T>(T[] product, int rows, int outs, int o0, int o1, T[] y, int offset, int ldy, T[]? bias, int biasOffset, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Blocks of 64 rows keep the rows' lines in L1 while each output channel gathers its column; bias and ReLU
        // are applied on the way, while the block is in L1.
        const int RowBlock = 64;
        for (var j0 = 0; j0 < rows; j0 += RowBlock)
        {
            var j1 = Math.Min(rows, j0 + RowBlock);
            for (var o = o0; o < o1; o++)
            {
                var shift = bias is null ? T.Zero : bias[biasOffset + o];
                var dst = y.AsSpan(offset + (o * ldy), rows);
                for (var j = j0; j < j1; j++)
                {
                    dst[j] = product[(j * outs) + o] + shift;
                }

                // Vectorised and branch-free: a per-element test would mispredict on half of the values.
                if (relu)
                {
                    var block = dst[j0..j1];
                    ReluKernels<T>.Forward(block, block);
                }
            }
        }
    }

    /// <summary>
    /// Adds a column matrix (layout of <see cref="Im2Col"/>) back into the input gradient of one image's group.
    /// Each channel's taps touch only that channel's plane, so channels run in parallel without races and every
    /// element's additions keep a fixed order.
    /// </summary>
    public static void Col2Im<T>(WindowGeometry g, T[] dcol, T[] gx, int xOffset, int q0, int q1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = (q1 - q0) * g.OW;
        var minChunk = Math.Max(1, MinParallelElements / Math.Max(1, cols * g.Taps));
        ComputeThreads.For(g.GroupInChannels, minChunk, (_, c0, c1) =>
        {
            for (var r = c0 * g.Taps; r < c1 * g.Taps; r++)
            {
                var c = r / g.Taps;
                var t = r % g.Taps;
                var (kd, kh, kw) = (t / (g.KH * g.KW), t / g.KW % g.KH, t % g.KW);
                var wStart = (kw * g.DW) - g.PW;
                var (lo, hi) = WindowGeometry.ValidRange(wStart, g.SW, g.IW, g.OW);
                var src = dcol.AsSpan(r * cols, cols);
                for (var q = q0; q < q1; q++)
                {
                    var id = ((q / g.OH) * g.SD) - g.PD + (kd * g.DD);
                    var ih = ((q % g.OH) * g.SH) - g.PH + (kh * g.DH);
                    if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH || hi <= lo)
                    {
                        continue;
                    }

                    var row = src.Slice(((q - q0) * g.OW) + lo, hi - lo);
                    var dst = xOffset + (((((c * g.ID) + id) * g.IH) + ih) * g.IW) + wStart + (lo * g.SW);
                    if (g.SW == 1)
                    {
                        var d = gx.AsSpan(dst, hi - lo);
                        TP.Add<T>(d, row, d);
                    }
                    else
                    {
                        for (var j = 0; j < row.Length; j++)
                        {
                            gx[dst + (j * g.SW)] += row[j];
                        }
                    }
                }
            }
        });
    }
}
