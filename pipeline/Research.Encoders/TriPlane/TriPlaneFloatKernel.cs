using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Encoders.TriPlane;

/// <summary>
/// float32 tri-plane kernels vectorised over points (8 points per <see cref="Vector256{T}"/>). Dense one-feature levels
/// (the TalkingGaussian face and mouth grids) read a point's four corners from per-cell 16-byte records; other levels use
/// AVX2 gathers. The forward performs the generic kernel's float operations in the same order (bit-identical). The
/// backward is split by (plane, half of its levels), never by points, so nothing depends on the thread count; see
/// <see cref="Backward"/> for its summation order.
/// </summary>
internal sealed unsafe class TriPlaneFloatKernel
{
    private const int Lanes = 8;
    private const int MinGroups = 64;
    // A backward task keeps a tile of points (groups of 8: at most MaxTileGroups, and at most TileVectors gradient
    // vectors, 32 KB) while it visits its levels.
    private const int MaxTileGroups = 64;
    private const int TileVectors = 1024;
    // Cell records and accumulators and the position-gradient partial sums, kept per thread between calls (a few MB) to
    // spare large-object allocations.
    [ThreadStatic]
    private static float[]? scratch;
    private const uint HashPrime = 2654435761u;
    private const int RecordsMinPoints = 4096;
    private const int ForwardRecordCells = 2048;
    private const long MaxKeptScratch = 1L << 22;
    private static readonly int[] AxisA = [0, 1, 0];
    private static readonly int[] AxisB = [1, 2, 2];
    private readonly int levelCount;
    private readonly int features;
    private readonly int width;
    private readonly float[] scales;
    private readonly int[] offsets;
    private readonly int[] strides;
    private readonly int[] cellOffsets;
    private readonly bool[] forwardRecords;
    private readonly int[] masks;
    private readonly bool[] hashed;
    private readonly float bound;
    private readonly float inv2Bound;

    public TriPlaneFloatKernel(GridLevels levels)
    {
        levelCount = levels.Levels;
        features = levels.Features;
        width = 3 * levels.PlaneWidth;
        scales = [.. levels.Scales.Select(s => (float)s)];
        offsets = [.. levels.Offsets];
        strides = [.. levels.Resolutions.Select(r => r + 1)];
        masks = [.. levels.TableSizes.Select(s => s - 1)];
        hashed = [.. levels.Hashed];

        // Cell accumulators of one plane: per dense one-feature level, 4 floats per row plus stride + 1 padding slots.
        cellOffsets = new int[levelCount + 1];
        for (var l = 0; l < levelCount; l++)
        {
            var slots = features == 1 && !hashed[l] ? strides[l] + 1 + levels.TableSizes[l] : 0;
            cellOffsets[l + 1] = checked(cellOffsets[l] + (4 * slots));
        }

        // The forward splits the points between threads, so each thread samples every level: records (4× the table's
        // bytes) only pay off while a level's records stay cache-resident; larger dense levels are gathered.
        forwardRecords = [.. Enumerable.Range(0, levelCount).Select(l => UsesCells(l) && (strides[l] + 1 + levels.TableSizes[l]) <= ForwardRecordCells)];

        // Same rounding as the generic kernel: T.CreateChecked(bound), then 1/(2·bound) in T.
        bound = (float)levels.Bound;
        inv2Bound = 1f / (2f * bound);
    }

    /// <summary>Whether the fast path handles <paramref name="levels"/> on this CPU (AVX2; hashed tables are powers of two).</summary>
    public static bool Supports(GridLevels levels) =>
        Avx2.IsSupported && Vector256.IsHardwareAccelerated &&
        Enumerable.Range(0, levels.Levels).All(l => !levels.Hashed[l] || BitOperations.IsPow2(levels.TableSizes[l])) &&
        3L * levels.PlaneWidth * Lanes <= 4096 && (long)levels.TableRows * levels.Features < int.MaxValue / 4;

    /// <summary>Writes every element of <paramref name="output"/> [N, 3·L·F] (zeros for planes whose point is outside).</summary>
    public void Forward(ArraySegment<float> xs, ArraySegment<float>[] es, ArraySegment<float> output, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        // Dense one-feature levels read a point's four corners as one 16-byte cell record (faster than pair gathers);
        // building the records costs about as much as sampling a few thousand points.
        var useRecords = n >= RecordsMinPoints && forwardRecords.Any(r => r);
        var recArray = useRecords ? Rent((3L * cellOffsets[levelCount]) + 16) : null;
        if (useRecords)
        {
            ComputeThreads.For(3 * levelCount, 6, (_, us, ue) =>
            {
                fixed (float* recArr = recArray, t0 = es[0].Array, t1 = es[1].Array, t2 = es[2].Array)
                {
                    var tables = stackalloc float*[3] { t0 + es[0].Offset, t1 + es[1].Offset, t2 + es[2].Offset };
                    for (var k = us; k < ue; k++)
                    {
                        if (forwardRecords[k % levelCount])
                        {
                            FillRecords(tables[k / levelCount], CellSlots(Align64(recArr), k / levelCount, k % levelCount), k % levelCount, differences: false);
                        }
                    }
                }
            });
        }

        ComputeThreads.For(groups, MinGroups, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, gs, ge) =>
        {
            var buffer = stackalloc float[width * Lanes];
            var tmp = stackalloc float[3 * Lanes];
            var u = stackalloc Vector256<float>[3];
            var rowBuf = stackalloc int[Lanes];
            fixed (float* xArr = xs.Array, t0 = es[0].Array, t1 = es[1].Array, t2 = es[2].Array, yArr = output.Array, recArr = recArray)
            {
                var x = xArr + xs.Offset;
                var y = yArr + output.Offset;
                var recBase = Align64(recArr);
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
                            if (useRecords && forwardRecords[l])
                            {
                                var sample = SampleRecords(l, ua, ub, CellSlots(recBase, p, l) + (4L * offsets[l]), rowBuf);
                                Vector256.ConditionalSelect(inside, sample, Vector256<float>.Zero).Store(buffer + (((p * levelCount) + l) * Lanes));
                                continue;
                            }

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

                    if (count == Lanes && width >= Lanes)
                    {
                        // 8×8 transposes; the last block is moved back to end at the row end (may redo columns).
                        for (var c = 0; ; c += Lanes)
                        {
                            var cb = Math.Min(c, width - Lanes);
                            Transpose8x8(buffer + (cb * Lanes), Lanes, y + ((long)i0 * width) + cb, width);
                            if (cb + Lanes >= width)
                            {
                                break;
                            }
                        }

                        continue;
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
    /// Gradients of the tables (into <paramref name="grads"/>; null = not wanted) and of the positions (into
    /// <paramref name="gradX"/> [N, 3] when non-null); every element of a wanted gradient is written.
    /// <para>
    /// The work is cut into fixed segments (plane, half of its levels), each owned by one task, which visits every
    /// point in index order (a tile of points at a time) for each of its levels and writes only its own table rows: no
    /// table copies, and nothing depends on the thread count. Dense one-feature levels accumulate the four weighted
    /// gradients of a point into one 16-byte slot of its cell (one read-modify-write per point and level instead of
    /// four scattered ones); afterwards each corner row is the fixed sum of the (up to) four cells that touch it. Other
    /// levels add the terms into their rows directly. For the position gradient each segment sums its levels' terms
    /// per point (level order, reading a point's four corners as one 16-byte cell record); a last pass adds the two
    /// halves and the planes per point in a fixed order.
    /// </para>
    /// </summary>
    public void Backward(ArraySegment<float> xs, ArraySegment<float>[] es, ArraySegment<float> gradOut, ArraySegment<float>?[] grads, ArraySegment<float>? gradX, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        var wantX = gradX.HasValue;
        var halves = levelCount >= 2 ? 2 : 1;
        var segments = new List<int>();
        for (var k = 0; k < 3 * halves; k++)
        {
            if (wantX || grads[k / halves].HasValue)
            {
                segments.Add(k);
            }
        }

        if (segments.Count == 0 || n == 0)
        {
            // n = 0: the tables still get their (zero) gradients.
            foreach (var gr in grads)
            {
                if (gr is { } t)
                {
                    t.AsSpan().Clear();
                }
            }

            return;
        }

        // Scratch: [cell accumulators][cell records][per segment and group: Σ da, Σ db as two vectors].
        var planeCells = (long)cellOffsets[levelCount];
        var partialOffset = 2 * ((3 * planeCells) + 16);
        var scratchArray = Rent(partialOffset + (wantX ? 3L * halves * groups * 2 * Lanes : 0) + 16);
        var segmentArray = segments.ToArray();
        var g0 = grads[0] ?? default;
        var g1 = grads[1] ?? default;
        var g2 = grads[2] ?? default;
        var gx = gradX ?? default;
        var mid = levelCount / 2;
        ComputeThreads.For(segmentArray.Length, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, ss, se) =>
        {
            // Gradient columns from this task's first to its last segment (segments are column-ordered; columns of
            // skipped segments in between are transposed but unused).
            var c0 = SegmentColumns(segmentArray[ss], halves, mid).Start;
            var c1 = SegmentColumns(segmentArray[se - 1], halves, mid).End;
            var tileGroups = Math.Clamp(TileVectors / (c1 - c0), 1, MaxTileGroups);
            var gradT = stackalloc Vector256<float>[TileVectors + Lanes];
            var planeU = stackalloc Vector256<float>[MaxTileGroups * 9];
            var acc = stackalloc Vector256<float>[MaxTileGroups * 2];
            var rowBuf = stackalloc int[4 * Lanes];
            var prodBuf = stackalloc float[4 * Lanes];
            var tmp = stackalloc float[3 * Lanes];
            var u = stackalloc Vector256<float>[3];
            fixed (float* xArr = xs.Array, goArr = gradOut.Array, a0 = g0.Array, a1 = g1.Array, a2 = g2.Array, sArr = scratchArray,
                   t0 = es[0].Array, t1 = es[1].Array, t2 = es[2].Array)
            {
                var x = xArr + xs.Offset;
                var go = goArr + gradOut.Offset;
                var cellBase = Align64(sArr);
                var recBase = Align64(sArr + (3 * planeCells) + 16);
                var partials = (Vector256<float>*)Align64(sArr + partialOffset);
                var targets = stackalloc float*[3]
                {
                    a0 == null ? null : a0 + g0.Offset,
                    a1 == null ? null : a1 + g1.Offset,
                    a2 == null ? null : a2 + g2.Offset,
                };
                var tables = stackalloc float*[3] { t0 + es[0].Offset, t1 + es[1].Offset, t2 + es[2].Offset };
                for (var k = ss; k < se; k++)
                {
                    var p = segmentArray[k] / halves;
                    var (ls, le) = Half(segmentArray[k] % halves, halves, mid);
                    for (var l = ls; l < le; l++)
                    {
                        if (!UsesCells(l))
                        {
                            if (targets[p] != null)
                            {
                                new Span<float>(targets[p] + ((long)offsets[l] * features), (offsets[l + 1] - offsets[l]) * features).Clear();
                            }

                            continue;
                        }

                        if (targets[p] != null)
                        {
                            new Span<float>(cellBase + (p * planeCells) + cellOffsets[l], cellOffsets[l + 1] - cellOffsets[l]).Clear();
                        }

                        if (wantX)
                        {
                            FillRecords(tables[p], CellSlots(recBase, p, l), l, differences: true);
                        }
                    }
                }

                for (var tStart = 0; tStart < groups; tStart += tileGroups)
                {
                    var tEnd = Math.Min(groups, tStart + tileGroups);
                    var tCount = tEnd - tStart;
                    for (var g = tStart; g < tEnd; g++)
                    {
                        var gi = g - tStart;
                        var count = Math.Min(Lanes, n - (g * Lanes));
                        LoadNormalised(x, g * Lanes, count, tmp, u);
                        for (var p = 0; p < 3; p++)
                        {
                            var pu = planeU + (3 * ((p * tCount) + gi));
                            pu[0] = Inside(u[AxisA[p]], u[AxisB[p]], out pu[1], out pu[2]);
                        }

                        TransposeColumns(go + ((long)g * Lanes * width), count, c0, c1, gradT + gi, tCount);
                    }

                    for (var k = ss; k < se; k++)
                    {
                        var p = segmentArray[k] / halves;
                        var (ls, le) = Half(segmentArray[k] % halves, halves, mid);
                        var gp = targets[p];
                        var table = tables[p];
                        for (var j = 0; j < 2 * tCount; j++)
                        {
                            acc[j] = Vector256<float>.Zero;
                        }

                        for (var l = ls; l < le; l++)
                        {
                            var scale = Vector256.Create(scales[l]);
                            var gCol = gradT + ((long)((((p * levelCount) + l) * features) - c0) * tCount);
                            if (UsesCells(l))
                            {
                                var cells = CellSlots(cellBase, p, l) + (4L * offsets[l]);
                                var records = CellSlots(recBase, p, l) + (4L * offsets[l]);
                                var pu = planeU + (3 * p * tCount);
                                if (gp != null && wantX)
                                {
                                    CellLevel<Yes, Yes>(l, pu, gCol, tCount, cells, records, acc, rowBuf);
                                }
                                else if (gp != null)
                                {
                                    CellLevel<Yes, No>(l, pu, gCol, tCount, cells, records, acc, rowBuf);
                                }
                                else
                                {
                                    CellLevel<No, Yes>(l, pu, gCol, tCount, cells, records, acc, rowBuf);
                                }

                                continue;
                            }

                            for (var gi = 0; gi < tCount; gi++)
                            {
                                var pu = planeU + (3 * ((p * tCount) + gi));
                                var inside = pu[0];
                                var cell = Corners(l, pu[1], pu[2]);
                                var insideBits = inside.AsUInt32().ExtractMostSignificantBits();
                                if (insideBits == 0)
                                {
                                    continue;
                                }

                                cell.R0.Store(rowBuf);
                                cell.R1.Store(rowBuf + Lanes);
                                cell.R2.Store(rowBuf + (2 * Lanes));
                                cell.R3.Store(rowBuf + (3 * Lanes));
                                for (var f = 0; f < features; f++)
                                {
                                    var gv = gCol[(f * tCount) + gi];
                                    if (gp != null)
                                    {
                                        (cell.W0 * gv).Store(prodBuf);
                                        (cell.W1 * gv).Store(prodBuf + Lanes);
                                        (cell.W2 * gv).Store(prodBuf + (2 * Lanes));
                                        (cell.W3 * gv).Store(prodBuf + (3 * Lanes));
                                        var bits = insideBits;
                                        while (bits != 0)
                                        {
                                            var j = BitOperations.TrailingZeroCount(bits);
                                            bits &= bits - 1;
                                            gp[((long)rowBuf[j] * features) + f] += prodBuf[j];
                                            gp[((long)rowBuf[Lanes + j] * features) + f] += prodBuf[Lanes + j];
                                            gp[((long)rowBuf[(2 * Lanes) + j] * features) + f] += prodBuf[(2 * Lanes) + j];
                                            gp[((long)rowBuf[(3 * Lanes) + j] * features) + f] += prodBuf[(3 * Lanes) + j];
                                        }
                                    }

                                    if (wantX)
                                    {
                                        var v00 = Gather(table, cell.R0, f);
                                        var v10 = Gather(table, cell.R1, f);
                                        var v01 = Gather(table, cell.R2, f);
                                        var v11 = Gather(table, cell.R3, f);
                                        var dfa = ((v10 - v00) * (Vector256<float>.One - cell.Fb)) + ((v11 - v01) * cell.Fb);
                                        var dfb = ((v01 - v00) * (Vector256<float>.One - cell.Fa)) + ((v11 - v10) * cell.Fa);
                                        acc[2 * gi] += gv * dfa * scale;
                                        acc[(2 * gi) + 1] += gv * dfb * scale;
                                    }
                                }
                            }
                        }

                        if (wantX)
                        {
                            // Masked: outside lanes contribute exactly 0, whatever the table holds.
                            var part = partials + (2L * segmentArray[k] * groups) + (2 * tStart);
                            for (var gi = 0; gi < tCount; gi++)
                            {
                                var inside = planeU[3 * ((p * tCount) + gi)];
                                part[2 * gi] = Vector256.ConditionalSelect(inside, acc[2 * gi], Vector256<float>.Zero);
                                part[(2 * gi) + 1] = Vector256.ConditionalSelect(inside, acc[(2 * gi) + 1], Vector256<float>.Zero);
                            }
                        }
                    }
                }

                for (var k = ss; k < se; k++)
                {
                    var p = segmentArray[k] / halves;
                    if (targets[p] != null)
                    {
                        var (ls, le) = Half(segmentArray[k] % halves, halves, mid);
                        for (var l = ls; l < le; l++)
                        {
                            if (UsesCells(l))
                            {
                                SumCells(CellSlots(cellBase, p, l), targets[p], l);
                            }
                        }
                    }
                }
            }
        });

        if (wantX)
        {
            SumPartials(scratchArray, partialOffset, gx, halves, groups, n);
        }
    }

    /// <summary>
    /// One dense one-feature level over a tile of <paramref name="tCount"/> groups: adds each point's four weighted
    /// gradients to its cell slot (<typeparamref name="TTables"/>) and its position-gradient terms, read from the
    /// difference cell records, to <paramref name="acc"/> (<typeparamref name="TPositions"/>). <paramref name="cells"/> and
    /// <paramref name="records"/> point at the level's cell 0; <paramref name="planeU"/> holds (inside, ua, ub) per group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CellLevel<TTables, TPositions>(int l, Vector256<float>* planeU, Vector256<float>* gCol, int tCount, float* cells, float* records, Vector256<float>* acc, int* rowBuf)
        where TTables : struct, IFlag
        where TPositions : struct, IFlag
    {
        var scale = Vector256.Create(scales[l]);
        var stride = Vector256.Create(strides[l]);
        var half = Vector256.Create(0.5f);
        var one = Vector256<float>.One;
        for (var gi = 0; gi < tCount; gi++)
        {
            var inside = planeU[3 * gi];

            // Corners() without the level offset and the rows of corners 10, 01, 11 (same float operations).
            var pa = (planeU[(3 * gi) + 1] * scale) + half;
            var pb = (planeU[(3 * gi) + 2] * scale) + half;
            var fla = Vector256.Floor(pa);
            var flb = Vector256.Floor(pb);
            var fa = pa - fla;
            var fb = pb - flb;
            var r0 = Avx.ConvertToVector256Int32WithTruncation(fla) + (Avx.ConvertToVector256Int32WithTruncation(flb) * stride);
            (r0 << 2).Store(rowBuf);

            // Outside lanes (and the tail) get a zero gradient and add +0 to a valid cell (their u was moved to 0),
            // which leaves every sum unchanged (sums start at +0 and never hold −0).
            var gv = gCol[gi] & inside;
            if (TTables.Value)
            {
                AddToCells(cells, rowBuf, (one - fa) * (one - fb) * gv, fa * (one - fb) * gv, (one - fa) * fb * gv, fa * fb * gv);
            }

            if (TPositions.Value)
            {
                // Difference records: the generic kernel's (v10 − v00), (v11 − v01), (v01 − v00), (v11 − v10).
                LoadRecords(records, rowBuf, out var d10, out var d11, out var d01, out var d11b);
                var dfa = (d10 * (one - fb)) + (d11 * fb);
                var dfb = (d01 * (one - fa)) + (d11b * fa);
                acc[2 * gi] += gv * dfa * scale;
                acc[(2 * gi) + 1] += gv * dfb * scale;
            }
        }
    }

    /// <summary>
    /// Bilinear sample of 8 points at dense one-feature level <paramref name="l"/> from its cell records
    /// (<paramref name="records"/> at cell 0): <see cref="Corners"/>' float operations and the forward's sum, in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> SampleRecords(int l, Vector256<float> ua, Vector256<float> ub, float* records, int* rowBuf)
    {
        var scale = Vector256.Create(scales[l]);
        var half = Vector256.Create(0.5f);
        var one = Vector256<float>.One;
        var pa = (ua * scale) + half;
        var pb = (ub * scale) + half;
        var fla = Vector256.Floor(pa);
        var flb = Vector256.Floor(pb);
        var fa = pa - fla;
        var fb = pb - flb;
        var r0 = Avx.ConvertToVector256Int32WithTruncation(fla) + (Avx.ConvertToVector256Int32WithTruncation(flb) * Vector256.Create(strides[l]));
        (r0 << 2).Store(rowBuf);
        LoadRecords(records, rowBuf, out var v00, out var v10, out var v01, out var v11);
        return ((one - fa) * (one - fb) * v00) + (fa * (one - fb) * v10) + ((one - fa) * fb * v01) + (fa * fb * v11);
    }

    /// <summary>Output columns [start, end) of segment <paramref name="segment"/> (plane-major, levels, features).</summary>
    private (int Start, int End) SegmentColumns(int segment, int halves, int mid)
    {
        var p = segment / halves;
        var (ls, le) = Half(segment % halves, halves, mid);
        return (((p * levelCount) + ls) * features, ((p * levelCount) + le) * features);
    }

    /// <summary>
    /// Columns [<paramref name="c0"/>, <paramref name="c1"/>) of <paramref name="count"/> rows of width
    /// <see cref="width"/> (missing rows read as 0) into one 8-lane vector per column at
    /// <paramref name="dst"/>[(c − c0)·<paramref name="dstStride"/>].
    /// </summary>
    private void TransposeColumns(float* rows, int count, int c0, int c1, Vector256<float>* dst, int dstStride)
    {
        if (count == Lanes && c1 - c0 >= Lanes)
        {
            for (var c = c0; ; c += Lanes)
            {
                // The last block is moved back to end at c1 (it may redo a few columns).
                var cb = Math.Min(c, c1 - Lanes);
                Transpose8x8(rows + cb, width, (float*)(dst + ((long)(cb - c0) * dstStride)), Lanes * (long)dstStride);
                if (cb + Lanes >= c1)
                {
                    break;
                }
            }

            return;
        }

        var lane = stackalloc float[Lanes];
        for (var c = c0; c < c1; c++)
        {
            for (var k = 0; k < Lanes; k++)
            {
                lane[k] = k < count ? rows[((long)k * width) + c] : 0f;
            }

            dst[(long)(c - c0) * dstStride] = Vector256.Load(lane);
        }
    }

    /// <summary>8 rows of 8 floats at <paramref name="src"/> (row stride <paramref name="srcStride"/> floats) → the 8 columns as rows at <paramref name="dst"/> + j·<paramref name="dstStride"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        var r0 = Vector256.Load(src);
        var r1 = Vector256.Load(src + srcStride);
        var r2 = Vector256.Load(src + (2 * srcStride));
        var r3 = Vector256.Load(src + (3 * srcStride));
        var r4 = Vector256.Load(src + (4 * srcStride));
        var r5 = Vector256.Load(src + (5 * srcStride));
        var r6 = Vector256.Load(src + (6 * srcStride));
        var r7 = Vector256.Load(src + (7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).Store(dst);
        Avx.Permute2x128(s1, s5, 0x20).Store(dst + dstStride);
        Avx.Permute2x128(s2, s6, 0x20).Store(dst + (2 * dstStride));
        Avx.Permute2x128(s3, s7, 0x20).Store(dst + (3 * dstStride));
        Avx.Permute2x128(s0, s4, 0x31).Store(dst + (4 * dstStride));
        Avx.Permute2x128(s1, s5, 0x31).Store(dst + (5 * dstStride));
        Avx.Permute2x128(s2, s6, 0x31).Store(dst + (6 * dstStride));
        Avx.Permute2x128(s3, s7, 0x31).Store(dst + (7 * dstStride));
    }

    /// <summary>Levels [start, end) of half <paramref name="h"/> of a plane.</summary>
    private (int Start, int End) Half(int h, int halves, int mid) =>
        halves == 1 ? (0, levelCount) : h == 0 ? (0, mid) : (mid, levelCount);

    /// <summary>Position gradient per point: per plane (xy, yz, xz) the two halves' sums, then · 1/(2·bound), added per axis.</summary>
    private void SumPartials(float[] scratchArray, long partialOffset, ArraySegment<float> gradX, int halves, int groups, int n)
    {
        ComputeThreads.For(groups, MinGroups, (_, gs, ge) =>
        {
            var tmp = stackalloc float[3 * Lanes];
            var s = Vector256.Create(inv2Bound);
            fixed (float* sArr = scratchArray, gxArr = gradX.Array)
            {
                var partials = (Vector256<float>*)Align64(sArr + partialOffset);
                var gxp = gxArr + gradX.Offset;
                for (var g = gs; g < ge; g++)
                {
                    var dx0 = Vector256<float>.Zero;
                    var dx1 = Vector256<float>.Zero;
                    var dx2 = Vector256<float>.Zero;
                    for (var p = 0; p < 3; p++)
                    {
                        var first = partials + (2L * p * halves * groups) + (2 * g);
                        var da = first[0];
                        var db = first[1];
                        if (halves == 2)
                        {
                            var second = first + (2L * groups);
                            da += second[0];
                            db += second[1];
                        }

                        // Planes xy, yz, xz: axes (0, 1), (1, 2), (0, 2).
                        switch (p)
                        {
                            case 0:
                                dx0 += da * s;
                                dx1 += db * s;
                                break;
                            case 1:
                                dx1 += da * s;
                                dx2 += db * s;
                                break;
                            default:
                                dx0 += da * s;
                                dx2 += db * s;
                                break;
                        }
                    }

                    dx0.Store(tmp);
                    dx1.Store(tmp + Lanes);
                    dx2.Store(tmp + (2 * Lanes));
                    var i0 = g * Lanes;
                    var count = Math.Min(Lanes, n - i0);
                    for (var k = 0; k < count; k++)
                    {
                        var o = gxp + (3L * (i0 + k));
                        o[0] = tmp[k];
                        o[1] = tmp[Lanes + k];
                        o[2] = tmp[(2 * Lanes) + k];
                    }
                }
            }
        });
    }

    /// <summary>
    /// This thread's scratch array of at least <paramref name="length"/> floats (contents undefined; valid until the next
    /// call on this thread, used only inside one forward or backward call). Arrays above 16 MB are not kept.
    /// </summary>
    private static float[] Rent(long length)
    {
        if (length > MaxKeptScratch)
        {
            return GC.AllocateUninitializedArray<float>(checked((int)length));
        }

        if (scratch is null || scratch.Length < length)
        {
            scratch = GC.AllocateUninitializedArray<float>((int)length);
        }

        return scratch;
    }

    /// <summary>
    /// Corner row r of level <paramref name="l"/> = c00 of cell r + c10 of cell r − 1 + c01 of cell r − S + c11 of cell
    /// r − S − 1: exactly the cells whose corners 00/10/01/11 are row r (dense rows are linear, so this holds at the
    /// borders too; the padding slots and cells never touched hold zeros).
    /// </summary>
    private void SumCells(float* slots, float* target, int l)
    {
        var s = strides[l];
        var c = slots + (4L * offsets[l]);
        var t = target + offsets[l];
        var size = offsets[l + 1] - offsets[l];
        for (var r = 0; r < size; r++)
        {
            t[r] = c[4L * r] + c[(4L * (r - 1)) + 1] + c[(4L * (r - s)) + 2] + c[(4L * (r - s - 1)) + 3];
        }
    }

    /// <summary>
    /// Cell records of level <paramref name="l"/>: slot of cell R0 = (v00, v10, v01, v11) = rows R0, R0 + 1, R0 + S,
    /// R0 + S + 1, so a point's four corners are one 16-byte load; with <paramref name="differences"/> the slot holds
    /// what the position gradient uses instead: (v10 − v00, v11 − v01, v01 − v00, v11 − v10).
    /// </summary>
    private void FillRecords(float* table, float* slots, int l, bool differences)
    {
        var s = strides[l];
        var size = offsets[l + 1] - offsets[l];
        var t = table + offsets[l];
        var c = slots + (4L * offsets[l]);
        var full = Math.Max(0, size - s - 1);
        var r = 0;
        for (; r + 4 <= full; r += 4)
        {
            var v00 = Vector128.Load(t + r);
            var v10 = Vector128.Load(t + r + 1);
            var v01 = Vector128.Load(t + r + s);
            var v11 = Vector128.Load(t + r + s + 1);
            if (differences)
            {
                (v00, v10, v01, v11) = (v10 - v00, v11 - v01, v01 - v00, v11 - v10);
            }

            // 4×4 transpose: record j = lane j of the four vectors.
            var t0 = Sse.UnpackLow(v00, v10);
            var t1 = Sse.UnpackHigh(v00, v10);
            var t2 = Sse.UnpackLow(v01, v11);
            var t3 = Sse.UnpackHigh(v01, v11);
            Sse.MoveLowToHigh(t0, t2).Store(c + (4L * r));
            Sse.MoveHighToLow(t2, t0).Store(c + (4L * (r + 1)));
            Sse.MoveLowToHigh(t1, t3).Store(c + (4L * (r + 2)));
            Sse.MoveHighToLow(t3, t1).Store(c + (4L * (r + 3)));
        }

        // The last few cells; those of the last row are never sampled (a point's corner 11 lies inside the table):
        // keep the reads inside the level.
        for (; r < size; r++)
        {
            var v00 = t[r];
            var v10 = t[Math.Min(r + 1, size - 1)];
            var v01 = t[Math.Min(r + s, size - 1)];
            var v11 = t[Math.Min(r + s + 1, size - 1)];
            var record = differences ? Vector128.Create(v10 - v00, v11 - v01, v01 - v00, v11 - v10) : Vector128.Create(v00, v10, v01, v11);
            record.Store(c + (4L * r));
        }
    }

    /// <summary>Adds (w0, w1, w2, w3) of each of 8 points to its cell slot at <paramref name="slots"/> + <paramref name="offsets4"/>[k], points in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToCells(float* slots, int* offsets4, Vector256<float> w0, Vector256<float> w1, Vector256<float> w2, Vector256<float> w3)
    {
        var lo01 = Avx.UnpackLow(w0, w1).AsDouble();
        var hi01 = Avx.UnpackHigh(w0, w1).AsDouble();
        var lo23 = Avx.UnpackLow(w2, w3).AsDouble();
        var hi23 = Avx.UnpackHigh(w2, w3).AsDouble();

        // qk = (w0, w1, w2, w3) of points k (lower half) and k + 4 (upper half).
        var q0 = Avx.UnpackLow(lo01, lo23).AsSingle();
        var q1 = Avx.UnpackHigh(lo01, lo23).AsSingle();
        var q2 = Avx.UnpackLow(hi01, hi23).AsSingle();
        var q3 = Avx.UnpackHigh(hi01, hi23).AsSingle();
        AddSlot(slots + offsets4[0], q0.GetLower());
        AddSlot(slots + offsets4[1], q1.GetLower());
        AddSlot(slots + offsets4[2], q2.GetLower());
        AddSlot(slots + offsets4[3], q3.GetLower());
        AddSlot(slots + offsets4[4], q0.GetUpper());
        AddSlot(slots + offsets4[5], q1.GetUpper());
        AddSlot(slots + offsets4[6], q2.GetUpper());
        AddSlot(slots + offsets4[7], q3.GetUpper());
    }

    /// <summary>Pointer such that the slot of cell R0 (with the level offset) of plane <paramref name="p"/>, level <paramref name="l"/> is at +4·R0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* CellSlots(float* cellBase, int p, int l) =>
        cellBase + ((long)p * cellOffsets[levelCount]) + cellOffsets[l] + (4L * (strides[l] + 1)) - (4L * offsets[l]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>The 16-byte records at <paramref name="slots"/> + <paramref name="offsets4"/>[k] of 8 points, transposed to (v00, v10, v01, v11).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadRecords(float* slots, int* offsets4, out Vector256<float> v00, out Vector256<float> v10, out Vector256<float> v01, out Vector256<float> v11)
    {
        var a = Vector256.Create(Vector128.Load(slots + offsets4[0]), Vector128.Load(slots + offsets4[4]));
        var b = Vector256.Create(Vector128.Load(slots + offsets4[1]), Vector128.Load(slots + offsets4[5]));
        var c = Vector256.Create(Vector128.Load(slots + offsets4[2]), Vector128.Load(slots + offsets4[6]));
        var d = Vector256.Create(Vector128.Load(slots + offsets4[3]), Vector128.Load(slots + offsets4[7]));
        var ab0 = Avx.UnpackLow(a, b).AsDouble();
        var ab1 = Avx.UnpackHigh(a, b).AsDouble();
        var cd0 = Avx.UnpackLow(c, d).AsDouble();
        var cd1 = Avx.UnpackHigh(c, d).AsDouble();
        v00 = Avx.UnpackLow(ab0, cd0).AsSingle();
        v10 = Avx.UnpackHigh(ab0, cd0).AsSingle();
        v01 = Avx.UnpackLow(ab1, cd1).AsSingle();
        v11 = Avx.UnpackHigh(ab1, cd1).AsSingle();
    }

    /// <summary>Whether level <paramref name="l"/> uses cell accumulators and records (dense, one feature).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool UsesCells(int l) => features == 1 && !hashed[l];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSlot(float* slot, Vector128<float> value) => (Vector128.Load(slot) + value).Store(slot);

    /// <summary>u = (x + bound)/(2·bound) of 8 points per axis; lanes past <paramref name="count"/> get NaN (outside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LoadNormalised(float* x, int i0, int count, float* tmp, Vector256<float>* u)
    {
        var bv = Vector256.Create(bound);
        var s = Vector256.Create(inv2Bound);
        if (count == Lanes)
        {
            // Coordinate d of the 8 points: stride-3 gathers (no scalar stores for a vector load to wait on).
            var every3 = Vector256.Create(0, 3, 6, 9, 12, 15, 18, 21);
            var first = x + (3L * i0);
            for (var d = 0; d < 3; d++)
            {
                u[d] = (Avx2.GatherVector256(first + d, every3, 4) + bv) * s;
            }

            return;
        }

        for (var k = 0; k < Lanes; k++)
        {
            for (var d = 0; d < 3; d++)
            {
                tmp[(d * Lanes) + k] = k < count ? x[(3L * (i0 + k)) + d] : float.NaN;
            }
        }

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

    /// <summary>Compile-time flag for specialising <see cref="CellLevel{TTables, TPositions}"/>.</summary>
    private interface IFlag
    {
        static abstract bool Value { get; }
    }

    /// <summary>Flag on.</summary>
    private readonly struct Yes : IFlag
    {
        public static bool Value => true;
    }

    /// <summary>Flag off.</summary>
    private readonly struct No : IFlag
    {
        public static bool Value => false;
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
