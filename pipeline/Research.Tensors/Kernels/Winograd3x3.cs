using System.Buffers;
using System.Runtime.Intrinsics;
using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// float32 forward of a 2-D 3×3, stride-1, undilated convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin
/// and Gray, 2016): the output is cut into 2×2 tiles, each read from a 4×4 input tile d; with U = G g Gᵀ per (out, in)
/// weight and V = Bᵀ d B per (in, tile), every tile's output is Aᵀ [Σ_c U ⊙ V] A. The sum over input channels is, for
/// each of the 16 transform points, one GEMM U[ξν] [out, in] · V[ξν] [in, tiles], so the products cost 16/36 of
/// the direct convolution's. A 5×5 kernel is the sum of four 3×3 pieces at offsets (2·dy, 2·dx) (the shared middle
/// row and column kept in the first piece): piece (dy, dx) reads the input tile (ty + dy, tx + dx), so V is shared
/// and each point's GEMM runs over K = (dx, c) once per dy, reading V shifted by dy tile rows and dx tiles in place
/// (16 of the direct 25 products per output). U is written straight into the GEMM's packed layout once per call, for
/// all images. Coefficients are 0, ±1 and ±½, so the rounding stays within a few ulps of the direct sum's; the
/// transforms and GEMMs run in a fixed order, so results depend only on the shapes and the thread count.
/// </summary>
internal static unsafe class Winograd3x3
{
    private const int Points = 16;

    // Fewer channels than this: the transforms cost more than the products save.
    private const int MinChannels = 16;

    // Floats of V and M together per block of tile rows (64 MB): large images run in several blocks, so the
    // transformed data never grows with the image beyond this.
    private const int BlockBudget = 1 << 24;

    /// <summary>Whether the Winograd forward applies: 2-D, 3×3 or 5×5, stride 1, dilation 1, enough channels.</summary>
    public static bool Applies(WindowGeometry g) =>
        g.KD == 1 && g.ID == 1 && g.PD == 0 && g.KH == g.KW && g.KH is 3 or 5 && g.SH == 1 && g.SW == 1 && g.DH == 1 && g.DW == 1
        && g.GroupInChannels >= MinChannels && g.GroupOutChannels >= MinChannels && g.OH >= 2 && g.OW >= 2;

    /// <summary>
    /// y = relu?(conv(x, w) + b) into the contiguous [N, out, OH, OW] array <paramref name="y"/>; tile rows go in blocks
    /// whose V and M take at most <paramref name="blockBudget"/> floats (tests lower it; the result does not depend on it).
    /// With a <paramref name="cache"/>, the transformed weights of all groups are built once and reused across calls.
    /// </summary>
    public static void Forward(
        WindowGeometry g,
        float[] x,
        int xOffset,
        float[] w,
        int wOffset,
        float[]? bias,
        int biasOffset,
        float[] y,
        bool relu,
        ConvolutionWeightCache? cache = null,
        int blockBudget = BlockBudget)
    {
        var (cg, og) = (g.GroupInChannels, g.GroupOutChannels);
        var (th, tw) = ((g.OH + 1) / 2, (g.OW + 1) / 2);

        // Pieces per dimension (1 for 3×3, 2 for 5×5); V's tile grid has pieces − 1 extra tiles per row and column.
        var pieces = (g.KH - 1) / 2;
        var gridWidth = tw + pieces - 1;
        var blockRows = (int)Math.Clamp(blockBudget / Math.Max(1L, (long)Points * (cg + og) * gridWidth), 1, th);
        var kRows = pieces * cg;

        // Each point's matrix (packed U, V, M) 64 bytes more than its size from the next: sizes are often multiples
        // of 4 KiB, and 16 streams read or written in step at such a distance would all compete for the same L1 sets.
        // The slack also covers the up to pieces − 1 floats a shifted V read runs past the last channel.
        var packedSize = (int)Gemm.PackedASize(og, kRows) + 16;
        var groupSize = Points * pieces * packedSize;
        var cached = cache?.Winograd(() =>
        {
            var all = new float[g.Groups * groupSize];
            for (var grp = 0; grp < g.Groups; grp++)
            {
                TransformWeights(w, wOffset + (grp * og * cg * g.KH * g.KW), og, cg, g.KH, pieces, all, grp * groupSize, packedSize);
            }

            return all;
        });
        var packedU = cached ?? ArrayPool<float>.Shared.Rent(groupSize);
        var (vStride, mStride) = ((cg * (blockRows + pieces - 1) * gridWidth) + 16, (og * blockRows * gridWidth) + 16);
        var v = ArrayPool<float>.Shared.Rent(Points * vStride);
        var m = ArrayPool<float>.Shared.Rent(Points * mStride);
        try
        {
            for (var grp = 0; grp < g.Groups; grp++)
            {
                var uOffset = cached is null ? 0 : grp * groupSize;
                if (cached is null)
                {
                    TransformWeights(w, wOffset + (grp * og * cg * g.KH * g.KW), og, cg, g.KH, pieces, packedU, 0, packedSize);
                }

                for (var n = 0; n < g.Batch; n++)
                {
                    for (var ty0 = 0; ty0 < th; ty0 += blockRows)
                    {
                        var ty1 = Math.Min(th, ty0 + blockRows);
                        var gridTiles = (ty1 - ty0 + pieces - 1) * gridWidth;
                        var count = (ty1 - ty0) * gridWidth;
                        TransformInput(g, x, xOffset + (((n * g.InChannels) + (grp * cg)) * g.InputPlane), ty0, ty1 + pieces - 1, gridWidth, v, vStride);
                        for (var point = 0; point < Points; point++)
                        {
                            for (var dy = 0; dy < pieces; dy++)
                            {
                                // Row (dx, c) of piece row dy: V[c] shifted by dy tile rows and dx tiles.
                                var shift = dy * gridWidth;
                                Gemm.MultiplyRuns(
                                    og,
                                    count,
                                    kRows,
                                    default,
                                    kRows,
                                    null,
                                    v.AsSpan((point * vStride) + shift, vStride - shift),
                                    gridTiles,
                                    pieces == 1 ? null : new GemmRuns(cg, 1, gridTiles),
                                    dy == 0 ? 0f : 1f,
                                    m.AsSpan(point * mStride, og * count),
                                    count,
                                    packedA: packedU.AsSpan(uOffset + (((point * pieces) + dy) * packedSize), packedSize));
                            }
                        }

                        TransformOutput(g, m, mStride, ty0, ty1, tw, gridWidth, y, ((n * g.OutChannels) + (grp * og)) * g.OutputPlane, bias, biasOffset + (grp * og), relu);
                    }
                }
            }
        }
        finally
        {
            if (cached is null)
            {
                ArrayPool<float>.Shared.Return(packedU);
            }

            ArrayPool<float>.Shared.Return(v);
            ArrayPool<float>.Shared.Return(m);
        }
    }

    // u[point, dy] = (G g Gᵀ)[point] of piece (dy, dx) of each weight g[o, c] (k×k, row-major) as column dx · cg + c,
    // G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], written straight into the GEMM's packed A layout (matrix (point, dy) at
    // u + (point · pieces + dy) · packedSize), padding rows zeroed. Piece (dy, dx) is g[2dy + i, 2dx + j] for
    // i, j < 3, without the row i = 0 when dy > 0 and the column j = 0 when dx > 0 (the previous piece has them).
    private static void TransformWeights(float[] w, int offset, int og, int cg, int k, int pieces, float[] u, int uOffset, int packedSize)
    {
        var kRows = pieces * cg;
        var panels = (og + 5) / 6;
        ComputeThreads.For(panels, Math.Max(1, 1024 / Math.Max(1, kRows)), (_, q0, q1) =>
        {
            Span<float> piece = stackalloc float[9];
            fixed (float* pw = w, pu = u)
            {
                for (var panel = q0; panel < q1; panel++)
                {
                    for (var dy = 0; dy < pieces; dy++)
                    {
                        var matrix = pu + uOffset + ((long)dy * packedSize);
                        var row = matrix;

                        // By 6-row panels, columns outer: each point's packed panel is then written front to back.
                        for (var i = 0; i < 6 * kRows; i++)
                        {
                            // The panel's 6 rows of column (dx, c) are adjacent in the packed layout.
                            var (column, o) = (i / 6, (6 * panel) + (i % 6));
                            if (i % 6 == 0)
                            {
                                row = matrix + Gemm.PackedAIndex(og, kRows, 6 * panel, column);
                            }

                            var dst = row + (i % 6);
                            if (o >= og)
                            {
                                for (var point = 0; point < Points; point++)
                                {
                                    dst[(long)point * pieces * packedSize] = 0f;
                                }

                                continue;
                            }

                            var (dx, c) = (column / cg, column % cg);
                            var src = pw + offset + ((((long)o * cg) + c) * k * k);
                            for (var r = 0; r < 3; r++)
                            {
                                for (var q = 0; q < 3; q++)
                                {
                                    var (kr, kc) = ((2 * dy) + r, (2 * dx) + q);
                                    var keep = (r > 0 || dy == 0) && (q > 0 || dx == 0) && kr < k && kc < k;
                                    piece[(3 * r) + q] = keep ? src[(kr * k) + kc] : 0f;
                                }
                            }

                            // t = G g (4×3), column by column.
                            float t00 = piece[0], t01 = piece[1], t02 = piece[2];
                            float t10 = 0.5f * (piece[0] + piece[3] + piece[6]), t11 = 0.5f * (piece[1] + piece[4] + piece[7]), t12 = 0.5f * (piece[2] + piece[5] + piece[8]);
                            float t20 = 0.5f * (piece[0] - piece[3] + piece[6]), t21 = 0.5f * (piece[1] - piece[4] + piece[7]), t22 = 0.5f * (piece[2] - piece[5] + piece[8]);
                            float t30 = piece[6], t31 = piece[7], t32 = piece[8];

                            // (G g) Gᵀ, row r → points 4r … 4r + 3.
                            var stride = (long)pieces * packedSize;
                            Row(t00, t01, t02, dst, 0, stride);
                            Row(t10, t11, t12, dst, 4, stride);
                            Row(t20, t21, t22, dst, 8, stride);
                            Row(t30, t31, t32, dst, 12, stride);
                        }
                    }
                }
            }
        });

        static void Row(float a0, float a1, float a2, float* dst, int point, long stride)
        {
            dst[point * stride] = a0;
            dst[(point + 1) * stride] = 0.5f * (a0 + a1 + a2);
            dst[(point + 2) * stride] = 0.5f * (a0 - a1 + a2);
            dst[(point + 3) * stride] = a2;
        }
    }

    // v[point, c, tile] = (Bᵀ d B)[point] for the 4×4 input tile d at (2·ty − PH, 2·tx − PW) of each channel,
    // Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]. Each padded input row is split into even and odd columns, so
    // the tiles of a tile row are read as vectors (tile tx reads even[tx], odd[tx], even[tx + 1], odd[tx + 1]).
    // Tile rows [ty0, ty1) only; v holds [point][c][tile of the block].
    private static void TransformInput(WindowGeometry g, float[] x, int xOffset, int ty0, int ty1, int tw, float[] v, int pointStride)
    {
        var cg = g.GroupInChannels;
        var tiles = (ty1 - ty0) * tw;
        var rows = (2 * (ty1 - ty0)) + 2;
        var half = tw + 1;
        ComputeThreads.For(cg, Math.Max(1, 16384 / Math.Max(1, tiles * Points)), (_, c0, c1) =>
        {
            var split = ArrayPool<float>.Shared.Rent(rows * 2 * half);
            try
            {
                fixed (float* ps = split, pv = v, px = x)
                {
                    for (var c = c0; c < c1; c++)
                    {
                        // split[r] = (even columns, odd columns) of padded row r.
                        for (var r = 0; r < rows; r++)
                        {
                            var even = ps + (r * 2 * half);
                            var odd = even + half;
                            var ih = (2 * ty0) + r - g.PH;
                            var src = px + xOffset + ((long)c * g.InputPlane) + ((long)ih * g.IW);
                            var inside = (uint)ih < (uint)g.IH;
                            for (var s = 0; s < half; s++)
                            {
                                var (i0, i1) = ((2 * s) - g.PW, (2 * s) + 1 - g.PW);
                                even[s] = inside && (uint)i0 < (uint)g.IW ? src[i0] : 0f;
                                odd[s] = inside && (uint)i1 < (uint)g.IW ? src[i1] : 0f;
                            }
                        }

                        var dst = pv + ((long)c * tiles);
                        for (var ty = 0; ty < ty1 - ty0; ty++)
                        {
                            var r0 = ps + (2 * ty * 2 * half);
                            InputTileRow(r0, r0 + (2 * half), r0 + (4 * half), r0 + (6 * half), half, tw, dst + (ty * tw), pointStride);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(split);
            }
        });
    }

    // One tile row: rows d0..d3 (each even columns, then odd at +half); output point p at dst + p · pointStride.
    private static void InputTileRow(float* d0, float* d1, float* d2, float* d3, int half, int tw, float* dst, long pointStride)
    {
        const int Lanes = 8;
        if (tw < Lanes || !Vector256.IsHardwareAccelerated)
        {
            for (var tx = 0; tx < tw; tx++)
            {
                InputTile(d0, d1, d2, d3, half, tx, dst, pointStride);
            }

            return;
        }

        // The last vector may overlap the previous one; it rewrites the same values.
        for (var start = 0; ; start += Lanes)
        {
            var tx = Math.Min(start, tw - Lanes);

            // Bᵀ d: column j of the 4×4 tile combined over rows.
            var e0 = Vector256.Load(d0 + tx);
            var o0 = Vector256.Load(d0 + half + tx);
            var f0 = Vector256.Load(d0 + tx + 1);
            var p0 = Vector256.Load(d0 + half + tx + 1);
            var e1 = Vector256.Load(d1 + tx);
            var o1 = Vector256.Load(d1 + half + tx);
            var f1 = Vector256.Load(d1 + tx + 1);
            var p1 = Vector256.Load(d1 + half + tx + 1);
            var e2 = Vector256.Load(d2 + tx);
            var o2 = Vector256.Load(d2 + half + tx);
            var f2 = Vector256.Load(d2 + tx + 1);
            var p2 = Vector256.Load(d2 + half + tx + 1);
            var e3 = Vector256.Load(d3 + tx);
            var o3 = Vector256.Load(d3 + half + tx);
            var f3 = Vector256.Load(d3 + tx + 1);
            var p3 = Vector256.Load(d3 + half + tx + 1);

            // Rows of Bᵀ d (columns 0..3 = e, o, f, p).
            Row(e0 - e2, o0 - o2, f0 - f2, p0 - p2, dst + tx, 0, pointStride);
            Row(e1 + e2, o1 + o2, f1 + f2, p1 + p2, dst + tx, 4, pointStride);
            Row(e2 - e1, o2 - o1, f2 - f1, p2 - p1, dst + tx, 8, pointStride);
            Row(e1 - e3, o1 - o3, f1 - f3, p1 - p3, dst + tx, 12, pointStride);
            if (tx == tw - Lanes)
            {
                break;
            }
        }

        static void Row(Vector256<float> t0, Vector256<float> t1, Vector256<float> t2, Vector256<float> t3, float* dst, int point, long stride)
        {
            (t0 - t2).Store(dst + (point * stride));
            (t1 + t2).Store(dst + ((point + 1) * stride));
            (t2 - t1).Store(dst + ((point + 2) * stride));
            (t1 - t3).Store(dst + ((point + 3) * stride));
        }
    }

    // The scalar twin of InputTileRow's lanes for tile tx (same operations in the same order).
    private static void InputTile(float* d0, float* d1, float* d2, float* d3, int half, int tx, float* dst, long stride)
    {
        Span<float> t = stackalloc float[16];
        float* rows0 = d0, rows1 = d1, rows2 = d2, rows3 = d3;
        for (var j = 0; j < 4; j++)
        {
            // Column j of the tile: even[tx], odd[tx], even[tx + 1], odd[tx + 1].
            var at = (j % 2 == 0 ? 0 : half) + tx + (j / 2);
            var (a0, a1, a2, a3) = (rows0[at], rows1[at], rows2[at], rows3[at]);
            t[j] = a0 - a2;
            t[4 + j] = a1 + a2;
            t[8 + j] = a2 - a1;
            t[12 + j] = a1 - a3;
        }

        for (var i = 0; i < 4; i++)
        {
            var (t0, t1, t2, t3) = (t[4 * i], t[(4 * i) + 1], t[(4 * i) + 2], t[(4 * i) + 3]);
            dst[(((4 * i) + 0) * stride) + tx] = t0 - t2;
            dst[(((4 * i) + 1) * stride) + tx] = t1 + t2;
            dst[(((4 * i) + 2) * stride) + tx] = t2 - t1;
            dst[(((4 * i) + 3) * stride) + tx] = t1 - t3;
        }
    }

    // y[o, 2·ty + a, 2·tx + b] = relu?((Aᵀ M A)[a, b] + bias[o]), Aᵀ = [1 1 1 0; 0 1 −1 −1], cropped to OH × OW.
    // Tile rows [ty0, ty1); m holds [point][o][tile of the block], gridWidth tiles per row (the first tw are real).
    private static void TransformOutput(WindowGeometry g, float[] m, int pointStride, int ty0, int ty1, int tw, int gridWidth, float[] y, int yOffset, float[]? bias, int biasOffset, bool relu)
    {
        var og = g.GroupOutChannels;
        var tiles = (ty1 - ty0) * gridWidth;
        ComputeThreads.For(og, Math.Max(1, 16384 / Math.Max(1, tiles * Points)), (_, o0, o1) =>
        {
            Span<float> block = stackalloc float[4 * 8];
            fixed (float* pm = m, py = y, pb = block)
            {
                for (var o = o0; o < o1; o++)
                {
                    var shift = bias is null ? 0f : bias[biasOffset + o];
                    var src = pm + ((long)o * tiles);
                    var dst = py + yOffset + ((long)o * g.OutputPlane);
                    var stride = (long)pointStride;
                    for (var ty = ty0; ty < ty1; ty++)
                    {
                        for (var tx = 0; tx < tw; tx += 8)
                        {
                            var lanes = Math.Min(8, tw - tx);
                            OutputTiles(src + ((ty - ty0) * gridWidth) + tx, stride, lanes, shift, relu, pb);
                            for (var a = 0; a < 2 && (2 * ty) + a < g.OH; a++)
                            {
                                var row = dst + ((long)((2 * ty) + a) * g.OW);
                                for (var l = 0; l < lanes; l++)
                                {
                                    var col = 2 * (tx + l);
                                    row[col] = pb[(2 * a * 8) + l];
                                    if (col + 1 < g.OW)
                                    {
                                        row[col + 1] = pb[(((2 * a) + 1) * 8) + l];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    // Up to 8 tiles' outputs (y00, y01, y10, y11 as blocks of 8 lanes) from M at src + point · stride.
    private static void OutputTiles(float* src, long stride, int lanes, float shift, bool relu, float* block)
    {
        if (lanes == 8 && Vector256.IsHardwareAccelerated)
        {
            var s0 = stackalloc Vector256<float>[4];
            var s1 = stackalloc Vector256<float>[4];
            for (var j = 0; j < 4; j++)
            {
                var m0 = Vector256.Load(src + (j * stride));
                var m1 = Vector256.Load(src + ((4 + j) * stride));
                var m2 = Vector256.Load(src + ((8 + j) * stride));
                var m3 = Vector256.Load(src + ((12 + j) * stride));
                s0[j] = m0 + m1 + m2;
                s1[j] = m1 - m2 - m3;
            }

            var b = Vector256.Create(shift);
            Finish(s0[0] + s0[1] + s0[2] + b, relu).Store(block);
            Finish(s0[1] - s0[2] - s0[3] + b, relu).Store(block + 8);
            Finish(s1[0] + s1[1] + s1[2] + b, relu).Store(block + 16);
            Finish(s1[1] - s1[2] - s1[3] + b, relu).Store(block + 24);
            return;
        }

        Span<float> r0 = stackalloc float[4];
        Span<float> r1 = stackalloc float[4];
        for (var l = 0; l < lanes; l++)
        {
            for (var j = 0; j < 4; j++)
            {
                var m0 = src[(j * stride) + l];
                var m1 = src[((4 + j) * stride) + l];
                var m2 = src[((8 + j) * stride) + l];
                var m3 = src[((12 + j) * stride) + l];
                r0[j] = m0 + m1 + m2;
                r1[j] = m1 - m2 - m3;
            }

            block[l] = Finish(r0[0] + r0[1] + r0[2] + shift, relu);
            block[8 + l] = Finish(r0[1] - r0[2] - r0[3] + shift, relu);
            block[16 + l] = Finish(r1[0] + r1[1] + r1[2] + shift, relu);
            block[24 + l] = Finish(r1[1] - r1[2] - r1[3] + shift, relu);
        }
    }

    private static Vector256<float> Finish(Vector256<float> v, bool relu) =>
        relu ? Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero) : v;

    private static float Finish(float v, bool relu) => relu ? (v > 0f ? v : 0f) : v;
}
