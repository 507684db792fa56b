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
        int ldc)
    {
        // Placeholder body: the obvious triple loop. The packed, vectorised kernel replaces it.
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var x = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var y = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                }

                var index = (i * ldc) + j;
                c[index] = beta == 0 ? alpha * sum : (alpha * sum) + (beta * c[index]);
            }
        }
    }
}
