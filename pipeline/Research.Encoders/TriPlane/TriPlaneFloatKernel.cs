using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Encoders.TriPlane;

/// <summary>
/// float32 tri-plane kernels vectorised over points (8 points per <see cref="Vector256{T}"/>, AVX2 gathers for the four
/// corners). The forward and the position gradient use the generic kernel's float operations in the same order
/// (bit-identical); the table gradient is scattered per fixed block of points into the block's own copy of the tables,
/// then the copies are summed in block order (block bounds depend only on N and the table size: results do not depend on
/// the thread count).
/// </summary>
internal sealed unsafe class TriPlaneFloatKernel
{
    private const int Lanes = 8;
    private const int MinGroups = 64;
    private const int PointsPerBlock = 2048;
    private const int MaxBlocks = 12;
    private const long MaxBlockFloats = 1L << 21;
    private const uint HashPrime = 2654435761u;
    private static readonly int[] AxisA = [0, 1, 0];
    private static readonly int[] AxisB = [1, 2, 2];
    // Block copies of the table gradient, kept per thread between steps (up to 8 MB) to spare large-object allocations.
    [ThreadStatic]
    private static float[]? scratch;

    private readonly int levelCount;
    private readonly int features;
    private readonly int width;
    private readonly int rows;
    private readonly float[] scales;
    private readonly int[] offsets;
    private readonly int[] strides;
    private readonly int[] masks;
    private readonly bool[] hashed;
    private readonly float bound;
    private readonly float inv2Bound;

    public TriPlaneFloatKernel(GridLevels levels)
    {
        levelCount = levels.Levels;
        features = levels.Features;
        width = 3 * levels.PlaneWidth;
        rows = levels.TableRows;
        scales = [.. levels.Scales.Select(s => (float)s)];
        offsets = [.. levels.Offsets];
        strides = [.. levels.Resolutions.Select(r => r + 1)];
        masks = [.. levels.TableSizes.Select(s => s - 1)];
        hashed = [.. levels.Hashed];

        // Same rounding as the generic kernel: T.CreateChecked(bound), then 1/(2·bound) in T.
        bound = (float)levels.Bound;
        inv2Bound = 1f / (2f * bound);
    }

    /// <summary>Whether the fast path handles <paramref name="levels"/> on this CPU (AVX2; hashed tables are powers of two).</summary>
    public static bool Supports(GridLevels levels) =>
        Avx2.IsSupported && Vector256.IsHardwareAccelerated &&
        Enumerable.Range(0, levels.Levels).All(l => !levels.Hashed[l] || BitOperations.IsPow2(levels.TableSizes[l])) &&
        3L * levels.PlaneWidth * Lanes <= 4096 && (long)levels.TableRows * levels.Features < int.MaxValue / 4;

    /// <summary>
    /// This thread's scratch array with its first <paramref name="length"/> elements zeroed (valid until the next call on
    /// this thread; only used inside one backward closure).
    /// </summary>
    public static float[] RentZeroed(int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch = new float[length];
        }
        else
        {
            Array.Clear(scratch, 0, length);
        }

        return scratch;
    }

    /// <summary>Number of point blocks of the table gradient (depends only on N and the table size).</summary>
    public int BlockCount(int n)
    {
        var blocks = Math.Clamp((n + PointsPerBlock - 1) / PointsPerBlock, 1, MaxBlocks);
        var tableFloats = 3L * rows * features;
        while (blocks > 1 && blocks * tableFloats > MaxBlockFloats)
        {
            blocks--;
        }

        return blocks;
    }

    /// <summary>Writes every element of <paramref name="output"/> [N, 3·L·F] (zeros for planes whose point is outside).</summary>
    public void Forward(ArraySegment<float> xs, ArraySegment<float>[] es, ArraySegment<float> output, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        ComputeThreads.For(groups, MinGroups, (_, gs, ge) =>
        {
            var buffer = stackalloc float[width * Lanes];
            var tmp = stackalloc float[3 * Lanes];
            var u = stackalloc Vector256<float>[3];
            fixed (float* xArr = xs.Array, t0 = es[0].Array, t1 = es[1].Array, t2 = es[2].Array, yArr = output.Array)
            {
                var x = xArr + xs.Offset;
                var y = yArr + output.Offset;
                var tables = stackalloc float*[3] { t0 + es[0].Offset, t1 + es[1].Offset, t2 + es[2].Offset };
                for (var g = gs; g < ge; g++)
                {
                    var i0 = g * Lanes;
                    var count = Math.Min(Lanes, n - i0);
                    LoadNormalised(x, i0, count, tmp, u);
                    for (var p = 0; p < 3; p++)
                    {
                        var inside = Inside(u[AxisA[p]], u[AxisB[p]], out var ua, out var ub);
                        var table = tables[p];
                        for (var l = 0; l < levelCount; l++)
                        {
                            var cell = Corners(l, ua, ub);
                            if (features == 1 && !hashed[l])
                            {
                                GatherPairs(table, cell.R0, out var v00, out var v10);
                                GatherPairs(table, cell.R2, out var v01, out var v11);
                                var v = (cell.W0 * v00) + (cell.W1 * v10) + (cell.W2 * v01) + (cell.W3 * v11);
                                var c = (p * levelCount) + l;
                                Vector256.ConditionalSelect(inside, v, Vector256<float>.Zero).Store(buffer + (c * Lanes));
                                continue;
                            }

                            for (var f = 0; f < features; f++)
                            {
                                var v = (cell.W0 * Gather(table, cell.R0, f)) + (cell.W1 * Gather(table, cell.R1, f)) +
                                        (cell.W2 * Gather(table, cell.R2, f)) + (cell.W3 * Gather(table, cell.R3, f));
                                var c = (p * levelCount * features) + (l * features) + f;
                                Vector256.ConditionalSelect(inside, v, Vector256<float>.Zero).Store(buffer + (c * Lanes));
                            }
                        }
                    }

                    for (var k = 0; k < count; k++)
                    {
                        var row = y + ((long)(i0 + k) * width);
                        for (var c = 0; c < width; c++)
                        {
                            row[c] = buffer[(c * Lanes) + k];
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// One pass over the points: table gradients into <paramref name="blockGrads"/> (<see cref="BlockCount"/> zeroed
    /// copies of the three tables, [block][plane][rows·F]) when non-null, position gradients (every element written)
    /// into <paramref name="gradX"/> when non-null.
    /// </summary>
    public void Backward(ArraySegment<float> xs, ArraySegment<float>[] es, ArraySegment<float> gradOut, float[]? blockGrads, ArraySegment<float>? gradX, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        var blocks = BlockCount(n);
        var tableFloats = 3 * rows * features;
        var gx = gradX ?? default;
        var wantX = gradX.HasValue;
        ComputeThreads.For(blocks, 1, (_, bs, be) =>
        {
            var gbuf = stackalloc float[width * Lanes];
            var rowBuf = stackalloc int[4 * Lanes];
            var prodBuf = stackalloc float[4 * Lanes];
            var tmp = stackalloc float[3 * Lanes];
            var u = stackalloc Vector256<float>[3];
            var dx = stackalloc Vector256<float>[3];
            fixed (float* xArr = xs.Array, t0 = es[0].Array, t1 = es[1].Array, t2 = es[2].Array, goArr = gradOut.Array, gbAll = blockGrads, gxArr = gx.Array)
            {
                var x = xArr + xs.Offset;
                var go = goArr + gradOut.Offset;
                var gxp = gxArr == null ? null : gxArr + gx.Offset;
                var tables = stackalloc float*[3] { t0 + es[0].Offset, t1 + es[1].Offset, t2 + es[2].Offset };
                for (var b = bs; b < be; b++)
                {
                    var gStart = (int)((long)groups * b / blocks);
                    var gEnd = (int)((long)groups * (b + 1) / blocks);
                    var gb = gbAll == null ? null : gbAll + ((long)b * tableFloats);
                    for (var g = gStart; g < gEnd; g++)
                    {
                        var i0 = g * Lanes;
                        var count = Math.Min(Lanes, n - i0);
                        LoadNormalised(x, i0, count, tmp, u);
                        for (var k = 0; k < Lanes; k++)
                        {
                            var row = go + ((long)(i0 + k) * width);
                            for (var c = 0; c < width; c++)
                            {
                                gbuf[(c * Lanes) + k] = k < count ? row[c] : 0f;
                            }
                        }

                        dx[0] = dx[1] = dx[2] = Vector256<float>.Zero;
                        for (var p = 0; p < 3; p++)
                        {
                            var inside = Inside(u[AxisA[p]], u[AxisB[p]], out var ua, out var ub);
                            var insideBits = inside.AsUInt32().ExtractMostSignificantBits();
                            if (insideBits == 0)
                            {
                                continue;
                            }

                            var table = tables[p];
                            var gp = gb == null ? null : gb + ((long)p * rows * features);
                            var da = Vector256<float>.Zero;
                            var db = Vector256<float>.Zero;
                            for (var l = 0; l < levelCount; l++)
                            {
                                var cell = Corners(l, ua, ub);
                                var scale = Vector256.Create(scales[l]);
                                if (gp != null)
                                {
                                    cell.R0.Store(rowBuf);
                                    cell.R1.Store(rowBuf + Lanes);
                                    cell.R2.Store(rowBuf + (2 * Lanes));
                                    cell.R3.Store(rowBuf + (3 * Lanes));
                                }

                                for (var f = 0; f < features; f++)
                                {
                                    var c = (p * levelCount * features) + (l * features) + f;
                                    var gv = Vector256.Load(gbuf + (c * Lanes));
                                    if (gp != null && features == 1 && !hashed[l])
                                    {
                                        // Dense, one feature: corners 10 and 11 follow 00 and 01 in memory, so each
                                        // lane adds two (w·g) pairs with 64-bit loads/stores (same per-element order).
                                        // Outside lanes (and the tail) add +0 to a valid row (their u was moved to 0),
                                        // which leaves any sum bit-identical (the copies start at +0 and never hold −0).
                                        var gm = Vector256.ConditionalSelect(inside, gv, Vector256<float>.Zero);
                                        StorePairs(cell.W0 * gm, cell.W1 * gm, prodBuf);
                                        StorePairs(cell.W2 * gm, cell.W3 * gm, prodBuf + (2 * Lanes));
                                        for (var k = 0; k < Lanes; k++)
                                        {
                                            var lo = gp + rowBuf[k];
                                            var hi = gp + rowBuf[(2 * Lanes) + k];
                                            Sse2.StoreScalar((double*)lo, (Load2(lo) + Load2(prodBuf + (2 * k))).AsDouble());
                                            Sse2.StoreScalar((double*)hi, (Load2(hi) + Load2(prodBuf + (2 * Lanes) + (2 * k))).AsDouble());
                                        }
                                    }
                                    else if (gp != null)
                                    {
                                        (cell.W0 * gv).Store(prodBuf);
                                        (cell.W1 * gv).Store(prodBuf + Lanes);
                                        (cell.W2 * gv).Store(prodBuf + (2 * Lanes));
                                        (cell.W3 * gv).Store(prodBuf + (3 * Lanes));
                                        var bits = insideBits;
                                        while (bits != 0)
                                        {
                                            var k = BitOperations.TrailingZeroCount(bits);
                                            bits &= bits - 1;
                                            gp[((long)rowBuf[k] * features) + f] += prodBuf[k];
                                            gp[((long)rowBuf[Lanes + k] * features) + f] += prodBuf[Lanes + k];
                                            gp[((long)rowBuf[(2 * Lanes) + k] * features) + f] += prodBuf[(2 * Lanes) + k];
                                            gp[((long)rowBuf[(3 * Lanes) + k] * features) + f] += prodBuf[(3 * Lanes) + k];
                                        }
                                    }

                                    if (wantX)
                                    {
                                        Vector256<float> v00, v10, v01, v11;
                                        if (features == 1 && !hashed[l])
                                        {
                                            GatherPairs(table, cell.R0, out v00, out v10);
                                            GatherPairs(table, cell.R2, out v01, out v11);
                                        }
                                        else
                                        {
                                            v00 = Gather(table, cell.R0, f);
                                            v10 = Gather(table, cell.R1, f);
                                            v01 = Gather(table, cell.R2, f);
                                            v11 = Gather(table, cell.R3, f);
                                        }

                                        var dfa = ((v10 - v00) * (Vector256<float>.One - cell.Fb)) + ((v11 - v01) * cell.Fb);
                                        var dfb = ((v01 - v00) * (Vector256<float>.One - cell.Fa)) + ((v11 - v10) * cell.Fa);
                                        da += gv * dfa * scale;
                                        db += gv * dfb * scale;
                                    }
                                }
                            }

                            if (wantX)
                            {
                                var s = Vector256.Create(inv2Bound);
                                dx[AxisA[p]] += Vector256.ConditionalSelect(inside, da * s, Vector256<float>.Zero);
                                dx[AxisB[p]] += Vector256.ConditionalSelect(inside, db * s, Vector256<float>.Zero);
                            }
                        }

                        if (wantX)
                        {
                            for (var k = 0; k < count; k++)
                            {
                                var o = gxp + (3L * (i0 + k));
                                o[0] = dx[0].GetElement(k);
                                o[1] = dx[1].GetElement(k);
                                o[2] = dx[2].GetElement(k);
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>Sums the block copies in block order into the three gradients (every element written).</summary>
    public void ReduceBlocks(float[] blockGrads, int n, ArraySegment<float>?[] grads)
    {
        var blocks = BlockCount(n);
        var planeFloats = rows * features;
        var tableFloats = 3 * planeFloats;
        ComputeThreads.For(tableFloats, 4096, (_, s, e) =>
        {
            for (var j = s; j < e; j++)
            {
                var p = j / planeFloats;
                if (grads[p] is not { } target)
                {
                    continue;
                }

                var sum = blockGrads[j];
                for (var b = 1; b < blocks; b++)
                {
                    sum += blockGrads[((long)b * tableFloats) + j];
                }

                target.Array![target.Offset + j - (p * planeFloats)] = sum;
            }
        });
    }

    /// <summary>Two consecutive floats into the low half of a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load2(float* address) => Sse2.LoadScalarVector128((double*)address).AsSingle();

    /// <summary>Stores (a0, b0, a1, b1, …, a7, b7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePairs(Vector256<float> a, Vector256<float> b, float* destination)
    {
        var low = Avx.UnpackLow(a, b);
        var high = Avx.UnpackHigh(a, b);
        Avx.Permute2x128(low, high, 0x20).Store(destination);
        Avx.Permute2x128(low, high, 0x31).Store(destination + Lanes);
    }

    /// <summary>u = (x + bound)/(2·bound) of 8 points per axis; lanes past <paramref name="count"/> get NaN (outside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LoadNormalised(float* x, int i0, int count, float* tmp, Vector256<float>* u)
    {
        for (var k = 0; k < Lanes; k++)
        {
            for (var d = 0; d < 3; d++)
            {
                tmp[(d * Lanes) + k] = k < count ? x[(3L * (i0 + k)) + d] : float.NaN;
            }
        }

        var bv = Vector256.Create(bound);
        var s = Vector256.Create(inv2Bound);
        for (var d = 0; d < 3; d++)
        {
            u[d] = (Vector256.Load(tmp + (d * Lanes)) + bv) * s;
        }
    }

    /// <summary>Inside mask of a plane (both coordinates in [0, 1], false for NaN); outside lanes are moved to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Inside(Vector256<float> a, Vector256<float> b, out Vector256<float> ua, out Vector256<float> ub)
    {
        var zero = Vector256<float>.Zero;
        var one = Vector256<float>.One;
        var inside = Vector256.GreaterThanOrEqual(a, zero) & Vector256.LessThanOrEqual(a, one) &
                     Vector256.GreaterThanOrEqual(b, zero) & Vector256.LessThanOrEqual(b, one);
        ua = Vector256.ConditionalSelect(inside, a, zero);
        ub = Vector256.ConditionalSelect(inside, b, zero);
        return inside;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Gather(float* table, Vector256<int> rows, int f) =>
        features == 1
            ? Avx2.GatherVector256(table, rows, 4)
            : Avx2.GatherVector256(table + f, rows * features, 4);

    /// <summary>
    /// table[rows] and table[rows + 1] of 8 lanes with four 64-bit gathers of 4 pairs (dense one-feature levels: the
    /// corners 10/11 follow 00/01). The rows are pre-permuted (pairs 0, 2, 1, 3) so the even/odd shuffle of the two
    /// gathers comes out in lane order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherPairs(float* table, Vector256<int> rows, out Vector256<float> first, out Vector256<float> second)
    {
        var permuted = Avx2.Permute4x64(rows.AsInt64(), 0b11_01_10_00).AsInt32();
        var lo = Avx2.GatherVector256((double*)table, permuted.GetLower(), 4).AsSingle();
        var hi = Avx2.GatherVector256((double*)table, permuted.GetUpper(), 4).AsSingle();
        first = Avx.Shuffle(lo, hi, 0b10_00_10_00);
        second = Avx.Shuffle(lo, hi, 0b11_01_11_01);
    }

    /// <summary>Corner rows (00, 10, 01, 11, with the level offset), weights and fractions of 8 points at level <paramref name="l"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Cell Corners(int l, Vector256<float> ua, Vector256<float> ub)
    {
        var scale = Vector256.Create(scales[l]);
        var half = Vector256.Create(0.5f);
        var pa = (ua * scale) + half;
        var pb = (ub * scale) + half;
        var fla = Vector256.Floor(pa);
        var flb = Vector256.Floor(pb);
        var fa = pa - fla;
        var fb = pb - flb;
        // fla, flb ∈ [0, res]: the plain truncating conversion (no saturation fix-up) is exact.
        var ga = Avx.ConvertToVector256Int32WithTruncation(fla);
        var gb = Avx.ConvertToVector256Int32WithTruncation(flb);
        var off = Vector256.Create(offsets[l]);
        var one = Vector256<int>.One;
        Cell cell;
        if (hashed[l])
        {
            var mask = Vector256.Create(masks[l]);
            var prime = Vector256.Create(unchecked((int)HashPrime));
            var hb0 = gb * prime;
            var hb1 = (gb + one) * prime;
            var ga1 = ga + one;
            cell.R0 = off + ((ga ^ hb0) & mask);
            cell.R1 = off + ((ga1 ^ hb0) & mask);
            cell.R2 = off + ((ga ^ hb1) & mask);
            cell.R3 = off + ((ga1 ^ hb1) & mask);
        }
        else
        {
            var stride = Vector256.Create(strides[l]);
            cell.R0 = off + ga + (gb * stride);
            cell.R1 = cell.R0 + one;
            cell.R2 = cell.R0 + stride;
            cell.R3 = cell.R2 + one;
        }

        var onef = Vector256<float>.One;
        cell.W0 = (onef - fa) * (onef - fb);
        cell.W1 = fa * (onef - fb);
        cell.W2 = (onef - fa) * fb;
        cell.W3 = fa * fb;
        cell.Fa = fa;
        cell.Fb = fb;
        return cell;
    }

    /// <summary>Corner rows, bilinear weights and fractional positions of 8 points.</summary>
    private struct Cell
    {
        public Vector256<int> R0;
        public Vector256<int> R1;
        public Vector256<int> R2;
        public Vector256<int> R3;
        public Vector256<float> W0;
        public Vector256<float> W1;
        public Vector256<float> W2;
        public Vector256<float> W3;
        public Vector256<float> Fa;
        public Vector256<float> Fb;
    }
}
