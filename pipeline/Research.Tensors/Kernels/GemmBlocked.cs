using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// The packed, cache-blocked GEMM driver (Goto/BLIS loop nest). For each Nc column block and Kc slice of K, a Kc × Nc
/// block of op(B) is packed into 64-column (16 for AVX2) micro-panels; for each Mc row block, op(A) is packed into
/// 6-row micro-panels; register tiles then sweep the block with the B micro-panel (Kc × 64 floats = 32 KiB) held in L1
/// and the A block (Mc × Kc = 240 KiB) in L2. Threads own fixed, disjoint slices of C (rows or columns, whichever
/// balances better) and every element is summed in the same order wherever it lands; a long reduction into a small C
/// instead splits K into fixed slices whose partial products are added in slice order. Either way results depend
/// only on the shapes and the thread count, never on scheduling.
/// </summary>
internal static unsafe class GemmBlocked
{
    private const int Mr = 6;
    private const int Kc = 128;
    private const int Mc = 480;
    private const int Nc = 2048;
    private const int MaxPanel = 64;

    // Below this many flops a call runs on the calling thread: the fork/join would cost more than it saves.
    private const long ParallelFlops = 1L << 21;

    // Up to this many multiply-adds (8³) plain loops are as fast as the blocked path with its fixed costs.
    private const long TinyVolume = 512;

    // Largest C (elements) worth a K split: each slice needs its own partial product.
    private const long SplitKMaxOutput = 1 << 18;

    // Rough cost of packing one element, in flops, for choosing the split dimension.
    private const long PackCost = 8;

    [ThreadStatic]
    private static float[]? packedA;

    [ThreadStatic]
    private static float[]? packedB;

    public static GemmPath Resolve(GemmPath path)
    {
        var has512 = Vector512.IsHardwareAccelerated;
        var has256 = Fma.IsSupported && Vector256.IsHardwareAccelerated;
        return path switch
        {
            GemmPath.Auto or GemmPath.Vector512 when has512 => GemmPath.Vector512,
            GemmPath.Auto or GemmPath.Vector512 or GemmPath.Vector256 when has256 => GemmPath.Vector256,
            _ => GemmPath.Scalar,
        };
    }

    /// <summary>Runs the product; <paramref name="serial"/> keeps it on the calling thread (callers that already split work over threads).</summary>
    public static void Run(in GemmProblem problem, GemmPath path, bool serial = false)
    {
        path = Resolve(path);

        // Tiny products: packing and tile set-up would cost more than the arithmetic.
        if (path == GemmPath.Scalar || (long)problem.M * problem.N * problem.K <= TinyVolume)
        {
            RunScalar(problem);
            return;
        }

        var width = path == GemmPath.Vector512 ? GemmKernels512.Width : GemmKernels256.Width;
        var (m, n, k) = (problem.M, problem.N, problem.K);
        var flops = 2L * m * n * k;
        var mUnits = (m + Mr - 1) / Mr;
        var nUnits = (n + width - 1) / width;
        var mChunks = ComputeThreads.ChunkCount(mUnits, 1);
        var nChunks = ComputeThreads.ChunkCount(nUnits, 1);
        if (serial || flops < ParallelFlops || (mChunks <= 1 && nChunks <= 1))
        {
            Block(problem, path, 0, m, 0, n);
            return;
        }

        // A long reduction into a small C (weight gradients): slices of C would each stream all of A or B from memory,
        // so split K instead and add the per-slice partial products in slice order (fixed for a given thread count).
        var kBlocks = CeilDiv(k, Kc);
        var kChunks = ComputeThreads.ChunkCount(kBlocks, 2);
        var mapped = problem.ColumnsA is not null || problem.RowsB is not null || problem.PackedA is not null;
        if (!mapped && k >= 16L * Math.Max(m, n) && (long)m * n <= SplitKMaxOutput && kChunks > 1)
        {
            RunSplitK(problem, path, kBlocks, kChunks);
            return;
        }

        // Padded work of the largest slice plus the operand every thread packs in full.
        var rowSplit = (2L * CeilDiv(mUnits, mChunks) * Mr * nUnits * width * k) + (PackCost * k * n);
        var columnSplit = (2L * mUnits * Mr * CeilDiv(nUnits, nChunks) * width * k) + (PackCost * k * m);
        var p = problem;
        if (rowSplit <= columnSplit)
        {
            ComputeThreads.For(mUnits, 1, (_, start, end) => Block(p, path, start * Mr, Math.Min(m, end * Mr), 0, n));
        }
        else
        {
            ComputeThreads.For(nUnits, 1, (_, start, end) => Block(p, path, 0, m, start * width, Math.Min(n, end * width)));
        }
    }

    private static void RunSplitK(in GemmProblem problem, GemmPath path, int kBlocks, int kChunks)
    {
        var (m, n) = (problem.M, problem.N);
        var size = m * n;
        var partials = ArrayPool<float>.Shared.Rent(size * kChunks);
        try
        {
            fixed (float* pp = partials)
            {
                var p = problem;
                var baseAddress = (nint)pp;
                ComputeThreads.For(kBlocks, 2, (chunk, start, end) =>
                {
                    if (chunk >= kChunks)
                    {
                        throw new InvalidOperationException("ComputeThreads.Count changed during a matrix multiply.");
                    }

                    var (k0, k1) = (start * Kc, Math.Min(p.K, end * Kc));
                    var slice = p with
                    {
                        K = k1 - k0,
                        A = p.TransposeA ? p.A + ((long)k0 * p.Lda) : p.A + k0,
                        B = p.TransposeB ? p.B + k0 : p.B + ((long)k0 * p.Ldb),
                        C = (float*)baseAddress + ((long)chunk * size),
                        Ldc = n,
                        Alpha = 1f,
                        Beta = 0f,
                    };
                    Block(slice, path, 0, m, 0, n);
                });

                for (var i = 0; i < m; i++)
                {
                    var dst = problem.C + ((long)i * problem.Ldc);
                    for (var j = 0; j < n; j++)
                    {
                        var index = (i * n) + j;
                        var sum = pp[index];
                        for (var t = 1; t < kChunks; t++)
                        {
                            sum += pp[((long)t * size) + index];
                        }

                        var scaled = problem.Alpha * sum;
                        dst[j] = problem.Beta == 0 ? scaled : MathF.FusedMultiplyAdd(problem.Beta, dst[j], scaled);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
        }
    }

    // C[r0..r1, c0..c1) of the problem on the calling thread. The edge scratch is always written before it is read.
    [SkipLocalsInit]
    private static void Block(in GemmProblem p, GemmPath path, int r0, int r1, int c0, int c1)
    {
        var wide = path == GemmPath.Vector512;
        var width = wide ? GemmKernels512.Width : GemmKernels256.Width;
        var panel = wide ? MaxPanel : 2 * GemmKernels256.Width;
        var bufferA = Buffer(ref packedA, Mc * Kc);
        var bufferB = Buffer(ref packedB, Kc * RoundUp(Math.Min(Nc, c1 - c0), panel));
        var edge = stackalloc float[Mr * MaxPanel];

        // Offsets of the slice's reduction indices in a run-mapped A (columns) or B (rows); null when plain.
        long* columnsA = stackalloc long[Kc];
        long* rowsB = stackalloc long[Kc];
        var (runsA, runsB) = (p.ColumnsA ?? default, p.RowsB ?? default);
        var mapA = p.ColumnsA is null ? null : columnsA;
        var mapB = p.RowsB is null ? null : rowsB;
        for (var jc = c0; jc < c1; jc += Nc)
        {
            var nc = Math.Min(Nc, c1 - jc);
            for (var pc = 0; pc < p.K; pc += Kc)
            {
                var kc = Math.Min(Kc, p.K - pc);
                var beta = pc == 0 ? p.Beta : 1f;
                for (var q = 0; q < kc; q++)
                {
                    if (mapA is not null)
                    {
                        mapA[q] = runsA.Offset(pc + q);
                    }

                    if (mapB is not null)
                    {
                        mapB[q] = runsB.Offset(pc + q);
                    }
                }

                PackB(p, pc, kc, jc, nc, panel, width, mapB, bufferB);
                for (var ic = r0; ic < r1; ic += Mc)
                {
                    var mc = Math.Min(Mc, r1 - ic);

                    // With a single B micro-panel each A tile is used once, so packing it would only add a copy; and when
                    // all of K fits one slice, untransposed A rows are already contiguous. Either way full tiles read A
                    // in place (thin shapes); ragged ones are still packed (zero padding).
                    // A run-mapped A is always packed; a pre-packed A is read from its slice.
                    var prepacked = p.PackedA is not null;
                    var direct = !prepacked && mapA is null && (nc <= panel || (!p.TransposeA && p.K <= Kc));
                    var sliceA = prepacked ? p.PackedA + ((long)pc * RoundUp(p.M, Mr)) + ((long)ic * kc) : bufferA;
                    if (!direct && !prepacked)
                    {
                        PackA(p, ic, mc, pc, kc, mapA, bufferA);
                    }

                    for (var jr = 0; jr < nc; jr += panel)
                    {
                        var cols = Math.Min(panel, nc - jr);
                        var padded = PanelWidth(cols, width, panel);
                        var pb = bufferB + ((jr / panel) * Kc * panel);
                        for (var ir = 0; ir < mc; ir += Mr)
                        {
                            var rows = Math.Min(Mr, mc - ir);
                            float* pa;
                            nint rowStep = 1, depthStep = Mr;
                            if (!direct)
                            {
                                pa = sliceA + (ir * kc);
                            }
                            else if (rows == Mr)
                            {
                                var i0 = ic + ir;
                                pa = p.TransposeA ? p.A + ((long)pc * p.Lda) + i0 : p.A + ((long)i0 * p.Lda) + pc;
                                (rowStep, depthStep) = p.TransposeA ? (1, p.Lda) : (p.Lda, 1);
                            }
                            else
                            {
                                PackA(p, ic + ir, rows, pc, kc, mapA, bufferA);
                                pa = bufferA;
                            }

                            var pcOut = p.C + ((long)(ic + ir) * p.Ldc) + jc + jr;
                            if (rows == Mr && cols == padded)
                            {
                                Tile(wide, padded, kc, pa, rowStep, depthStep, pb, pcOut, p.Ldc, p.Alpha, beta);
                            }
                            else
                            {
                                // Edge tile: full-size registers into scratch, then the same alpha/beta arithmetic per element.
                                Tile(wide, padded, kc, pa, rowStep, depthStep, pb, edge, MaxPanel, 1f, 0f);
                                for (var r = 0; r < rows; r++)
                                {
                                    var dst = pcOut + ((long)r * p.Ldc);
                                    var src = edge + (r * MaxPanel);
                                    for (var j = 0; j < cols; j++)
                                    {
                                        var scaled = p.Alpha * src[j];
                                        dst[j] = beta == 0 ? scaled : MathF.FusedMultiplyAdd(beta, dst[j], scaled);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(bool wide, int columns, int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        if (wide)
        {
            switch (columns)
            {
                case 64: GemmKernels512.Kernel6x64(kc, a, rowStep, depthStep, b, c, ldc, alpha, beta); break;
                case 32: GemmKernels512.Kernel6x32(kc, a, rowStep, depthStep, b, c, ldc, alpha, beta); break;
                default: GemmKernels512.Kernel6x16(kc, a, rowStep, depthStep, b, c, ldc, alpha, beta); break;
            }
        }
        else if (columns == 16)
        {
            GemmKernels256.Kernel6x16(kc, a, rowStep, depthStep, b, c, ldc, alpha, beta);
        }
        else
        {
            GemmKernels256.Kernel6x8(kc, a, rowStep, depthStep, b, c, ldc, alpha, beta);
        }
    }

    /// <summary>Floats of a whole pre-packed op(A) (<see cref="PackASlice"/> for every Kc slice).</summary>
    public static long PackedASize(int m, int k) => (long)RoundUp(m, Mr) * k;

    /// <summary>
    /// Where element (i, p) of an m × k op(A) lives in the pre-packed layout (<see cref="PackASlice"/>); rows from m up
    /// to the next multiple of 6 are padding that must hold zeros.
    /// </summary>
    public static long PackedAIndex(int m, int k, int i, int p)
    {
        var pc = p / Kc * Kc;
        var kc = Math.Min(Kc, k - pc);
        return ((long)pc * RoundUp(m, Mr)) + ((long)(i / Mr) * Mr * kc) + ((p - pc) * Mr) + (i % Mr);
    }

    /// <summary>Number of Kc-column reduction slices of a pre-packed op(A).</summary>
    public static int PackedASlices(int k) => CeilDiv(k, Kc);

    /// <summary>
    /// Packs op(A)'s reduction slice number <paramref name="slice"/> (Kc columns) for all rows into
    /// <paramref name="dst"/> + slice · Kc · RoundUp(M, 6): the layout <see cref="Block"/> reads through
    /// <see cref="GemmProblem.PackedA"/>, the same values <see cref="PackA"/> would produce per call.
    /// </summary>
    public static void PackASlice(in GemmProblem p, int slice, float* dst)
    {
        var pc = slice * Kc;
        var kc = Math.Min(Kc, p.K - pc);
        long* map = stackalloc long[Kc];
        if (p.ColumnsA is { } runs)
        {
            for (var q = 0; q < kc; q++)
            {
                map[q] = runs.Offset(pc + q);
            }
        }

        PackA(p, 0, p.M, pc, kc, p.ColumnsA is null ? null : map, dst + ((long)pc * RoundUp(p.M, Mr)));
    }

    // op(A)[ic..ic+mc, pc..pc+kc) as 6-row micro-panels: panel t holds, for each p, its 6 rows' values (zero-padded).
    // With a run map, column pc + q of row i is at A + i·lda + columns[q].
    private static void PackA(in GemmProblem p, int ic, int mc, int pc, int kc, long* columns, float* dst)
    {
        for (var ir = 0; ir < mc; ir += Mr, dst += Mr * kc)
        {
            var rows = Math.Min(Mr, mc - ir);
            var i0 = ic + ir;
            if (columns is not null && rows == Mr)
            {
                var s0 = p.A + ((long)i0 * p.Lda);
                var s1 = s0 + p.Lda;
                var s2 = s1 + p.Lda;
                var s3 = s2 + p.Lda;
                var s4 = s3 + p.Lda;
                var s5 = s4 + p.Lda;
                var d = dst;
                for (var q = 0; q < kc; q++, d += Mr)
                {
                    var o = columns[q];
                    d[0] = s0[o];
                    d[1] = s1[o];
                    d[2] = s2[o];
                    d[3] = s3[o];
                    d[4] = s4[o];
                    d[5] = s5[o];
                }
            }
            else if (columns is not null)
            {
                for (var r = 0; r < Mr; r++)
                {
                    var src = p.A + ((long)(i0 + r) * p.Lda);
                    for (var q = 0; q < kc; q++)
                    {
                        dst[(q * Mr) + r] = r < rows ? src[columns[q]] : 0f;
                    }
                }
            }
            else if (p.TransposeA)
            {
                // op(A)[i, p] = A[p, i]: each p contributes a contiguous run of rows.
                var src = p.A + ((long)pc * p.Lda) + i0;
                for (var q = 0; q < kc; q++, src += p.Lda)
                {
                    var d = dst + (q * Mr);
                    if (rows == Mr)
                    {
                        (d[0], d[1], d[2], d[3], d[4], d[5]) = (src[0], src[1], src[2], src[3], src[4], src[5]);
                    }
                    else
                    {
                        for (var r = 0; r < Mr; r++)
                        {
                            d[r] = r < rows ? src[r] : 0f;
                        }
                    }
                }
            }
            else if (rows == Mr)
            {
                var s0 = p.A + ((long)i0 * p.Lda) + pc;
                var s1 = s0 + p.Lda;
                var s2 = s1 + p.Lda;
                var s3 = s2 + p.Lda;
                var s4 = s3 + p.Lda;
                var s5 = s4 + p.Lda;
                var d = dst;
                for (var q = 0; q < kc; q++, d += Mr)
                {
                    d[0] = s0[q];
                    d[1] = s1[q];
                    d[2] = s2[q];
                    d[3] = s3[q];
                    d[4] = s4[q];
                    d[5] = s5[q];
                }
            }
            else
            {
                for (var r = 0; r < Mr; r++)
                {
                    var src = p.A + ((long)(i0 + r) * p.Lda) + pc;
                    for (var q = 0; q < kc; q++)
                    {
                        dst[(q * Mr) + r] = r < rows ? src[q] : 0f;
                    }
                }
            }
        }
    }

    // op(B)[pc..pc+kc, jc..jc+nc) as micro-panels of `panel` columns, each row padded to a whole number of vectors.
    // With a run map, row pc + q of B starts at B + rows[q].
    private static void PackB(in GemmProblem p, int pc, int kc, int jc, int nc, int panel, int width, long* rows, float* dst)
    {
        for (var jr = 0; jr < nc; jr += panel, dst += Kc * panel)
        {
            var cols = Math.Min(panel, nc - jr);
            var padded = PanelWidth(cols, width, panel);
            if (p.TransposeB)
            {
                // op(B)[q, j] = B[j, q]: read each source row contiguously, scatter down the panel's column.
                for (var j = 0; j < padded; j++)
                {
                    var src = p.B + ((long)(jc + jr + j) * p.Ldb) + pc;
                    var d = dst + j;
                    if (j < cols)
                    {
                        for (var q = 0; q < kc; q++)
                        {
                            d[q * padded] = src[q];
                        }
                    }
                    else
                    {
                        for (var q = 0; q < kc; q++)
                        {
                            d[q * padded] = 0f;
                        }
                    }
                }
            }
            else
            {
                var src = p.B + ((long)pc * p.Ldb) + jc + jr;
                for (var q = 0; q < kc; q++, src += p.Ldb)
                {
                    var d = dst + (q * padded);
                    var from = rows is null ? src : p.B + rows[q] + jc + jr;
                    new ReadOnlySpan<float>(from, cols).CopyTo(new Span<float>(d, cols));
                    new Span<float>(d + cols, padded - cols).Clear();
                }
            }
        }
    }

    // Tiny or no SIMD FMA: per element, a float dot product in order of p.
    private static void RunScalar(in GemmProblem p)
    {
        for (var i = 0; i < p.M; i++)
        {
            for (var j = 0; j < p.N; j++)
            {
                var sum = 0f;
                for (var q = 0; q < p.K; q++)
                {
                    var x = p.PackedA is not null ? PackedAt(p, i, q)
                        : p.TransposeA ? p.A[((long)q * p.Lda) + i] : p.A[((long)i * p.Lda) + (p.ColumnsA?.Offset(q) ?? q)];
                    var y = p.TransposeB ? p.B[((long)j * p.Ldb) + q] : p.B[(p.RowsB?.Offset(q) ?? ((long)q * p.Ldb)) + j];
                    sum = MathF.FusedMultiplyAdd(x, y, sum);
                }

                var dst = p.C + ((long)i * p.Ldc) + j;
                var scaled = p.Alpha * sum;
                *dst = p.Beta == 0 ? scaled : MathF.FusedMultiplyAdd(p.Beta, *dst, scaled);
            }
        }
    }

    // Element (i, q) of a pre-packed op(A).
    private static float PackedAt(in GemmProblem p, int i, int q) => p.PackedA[PackedAIndex(p.M, p.K, i, q)];

    // A pinned, 64-byte-aligned scratch buffer per thread, grown on demand and then reused by every call.
    private static float* Buffer(ref float[]? cache, int length)
    {
        if (cache is null || cache.Length < length + 16)
        {
            cache = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        }

        var address = (nint)Unsafe.AsPointer(ref cache[0]);
        return (float*)((address + 63) & ~(nint)63);
    }

    // Micro-panels come in one, two or four vectors (AVX2: one or two), so a ragged panel pads to the next of those.
    private static int PanelWidth(int columns, int width, int panel) =>
        columns <= width ? width : columns <= 2 * width ? 2 * width : panel;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static int CeilDiv(int value, int divisor) => (value + divisor - 1) / divisor;
}
