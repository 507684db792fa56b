using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major spans: C = alpha · op(A) · op(B) + beta · C, where op(X) is X
/// or Xᵀ. A is M×K (or K×M when transposed) with row stride <c>lda</c>; B is K×N (or N×K) with stride <c>ldb</c>;
/// C is M×N with stride <c>ldc</c>. Deterministic: the summation order depends only on the shapes and
/// <see cref="Threading.ComputeThreads.Count"/>.
/// </summary>
public static class Gemm
{
    /// <summary>Computes C = alpha · op(A) · op(B) + beta · C (beta = 0 ignores C's previous contents, NaNs included).</summary>
    /// <remarks>
    /// Packed, cache-blocked and vectorised (AVX-512 or AVX2/FMA register tiles), split over
    /// <see cref="Threading.ComputeThreads"/> in fixed slices of C. As in BLAS, alpha = 0 or k = 0 skips A and B and
    /// leaves beta · C.
    /// </remarks>
    /// <exception cref="ArgumentException">A stride is shorter than its row, or a span is too short for its matrix.</exception>
    public static void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc) =>
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmPath.Auto);

    internal static unsafe void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc,
        GemmPath path,
        bool serial = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckMatrix(transposeA ? k : m, transposeA ? m : k, a.Length, lda, "A", nameof(a));
        CheckMatrix(transposeB ? n : k, transposeB ? k : n, b.Length, ldb, "B", nameof(b));
        CheckMatrix(m, n, c.Length, ldc, "C", nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (alpha == 0 || k == 0)
        {
            Scale(m, n, beta, c, ldc);
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var problem = new GemmProblem
            {
                TransposeA = transposeA,
                TransposeB = transposeB,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                Beta = beta,
                A = pa,
                Lda = lda,
                B = pb,
                Ldb = ldb,
                C = pc,
                Ldc = ldc,
            };
            GemmBlocked.Run(problem, path, serial);
        }
    }

    /// <summary>
    /// C = A · B + beta · C with untransposed operands whose reduction index may be run-mapped (see
    /// <see cref="GemmRuns"/>): column p of A's row i at <c>i · lda + columnsA.Offset(p)</c> (plain: p), row p of B at
    /// <c>rowsB.Offset(p)</c> (plain: p · ldb). Summation order as in <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// for the same shapes, so mapped and explicitly regrouped operands give the same bits. A non-empty
    /// <paramref name="packedA"/> (from <see cref="PackA"/> of the same A, m and k) replaces reading and packing A.
    /// </summary>
    internal static unsafe void MultiplyRuns(
        int m,
        int n,
        int k,
        ReadOnlySpan<float> a,
        int lda,
        GemmRuns? columnsA,
        ReadOnlySpan<float> b,
        int ldb,
        GemmRuns? rowsB,
        float beta,
        Span<float> c,
        int ldc,
        bool serial = false,
        ReadOnlySpan<float> packedA = default,
        GemmPath path = GemmPath.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckMatrix(m, n, c.Length, ldc, "C", nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            Scale(m, n, beta, c, ldc);
            return;
        }

        // Largest offset of a reduction index: A's last row must reach it, B's rows must fit from it.
        long lastA = 0, lastB = 0;
        for (var p = 0; p < k; p++)
        {
            lastA = Math.Max(lastA, columnsA?.Offset(p) ?? p);
            lastB = Math.Max(lastB, rowsB?.Offset(p) ?? ((long)p * ldb));
        }

        var prepacked = !packedA.IsEmpty;
        if (prepacked && packedA.Length < GemmBlocked.PackedASize(m, k))
        {
            throw new ArgumentException($"Gemm: packed A has {packedA.Length} floats, {GemmBlocked.PackedASize(m, k)} needed for {m}×{k}.", nameof(packedA));
        }

        if (columnsA is { Run: < 1 } || rowsB is { Run: < 1 } || lda < 1 || (!prepacked && ((long)(m - 1) * lda) + lastA >= a.Length) || lastB + n > b.Length)
        {
            throw new ArgumentException($"Gemm: run-mapped operands (m {m}, n {n}, k {k}) exceed A ({a.Length}) or B ({b.Length}).", nameof(a));
        }

        fixed (float* pa = a)
        fixed (float* pp = packedA)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var problem = new GemmProblem
            {
                M = m,
                N = n,
                K = k,
                Alpha = 1f,
                Beta = beta,
                A = pa,
                Lda = lda,
                B = pb,
                Ldb = Math.Max(ldb, n),
                C = pc,
                Ldc = ldc,
                ColumnsA = columnsA,
                RowsB = rowsB,
                PackedA = prepacked ? pp : null,
            };
            GemmBlocked.Run(problem, path, serial);
        }
    }

    /// <summary>Index of element (i, p) of an m × k A in the layout <see cref="PackA"/> writes (for callers that write it directly).</summary>
    internal static long PackedAIndex(int m, int k, int i, int p) => GemmBlocked.PackedAIndex(m, k, i, p);

    /// <summary>Floats <see cref="PackA"/> writes for an m × k op(A).</summary>
    internal static long PackedASize(int m, int k) => GemmBlocked.PackedASize(m, k);

    /// <summary>
    /// Packs the untransposed, optionally run-mapped m × k matrix A once into the GEMM's own layout (6-row micro-panels
    /// per reduction slice), for several <see cref="MultiplyRuns"/> calls with the same A; slices are split over
    /// <see cref="Threading.ComputeThreads"/>. A pure copy: results are bit-identical to packing per call.
    /// </summary>
    internal static unsafe void PackA(int m, int k, ReadOnlySpan<float> a, int lda, GemmRuns? columnsA, Span<float> packed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        long last = 0;
        for (var p = 0; p < k; p++)
        {
            last = Math.Max(last, columnsA?.Offset(p) ?? p);
        }

        if (columnsA is { Run: < 1 } || lda < 1 || ((long)(m - 1) * lda) + last >= a.Length || packed.Length < GemmBlocked.PackedASize(m, k))
        {
            throw new ArgumentException($"Gemm.PackA: {m}×{k} (lda {lda}) does not fit A ({a.Length}) or the packed buffer ({packed.Length}).", nameof(a));
        }

        fixed (float* pa = a)
        fixed (float* pp = packed)
        {
            var problem = new GemmProblem { M = m, K = k, A = pa, Lda = lda, ColumnsA = columnsA };
            var target = (nint)pp;
            ComputeThreads.For(GemmBlocked.PackedASlices(k), 1, (_, s0, s1) =>
            {
                for (var s = s0; s < s1; s++)
                {
                    GemmBlocked.PackASlice(problem, s, (float*)target);
                }
            });
        }
    }

    private static void CheckMatrix(int rows, int columns, int length, int stride, string name, string parameter)
    {
        if (stride < Math.Max(1, columns))
        {
            throw new ArgumentException($"Stride {stride} of {name} is shorter than its rows ({columns} elements).", parameter);
        }

        var needed = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * stride) + columns;
        if (length < needed)
        {
            throw new ArgumentException(
                $"{name} ({rows}×{columns}, stride {stride}) needs {needed} elements but the span has {length}.",
                parameter);
        }
    }

    private static void Scale(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
            }
            else if (beta != 1)
            {
                for (var j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }
}
