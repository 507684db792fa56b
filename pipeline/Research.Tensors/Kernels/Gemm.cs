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
