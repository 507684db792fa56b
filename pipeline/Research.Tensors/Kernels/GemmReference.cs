namespace Research.Tensors.Kernels;

/// <summary>
/// The slow, obvious twin of <see cref="Gemm"/>.Multiply: a triple loop accumulating each dot product in double and
/// rounding once to float. Same contract (alpha = 0 or k = 0 leaves beta · C; beta = 0 never reads C).
/// </summary>
internal static class GemmReference
{
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
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                if (alpha != 0)
                {
                    for (var p = 0; p < k; p++)
                    {
                        var x = transposeA ? a[(p * lda) + i] : a[(i * lda) + p];
                        var y = transposeB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                        sum += (double)x * y;
                    }
                }

                var index = (i * ldc) + j;
                var scaled = alpha * sum;
                c[index] = (float)(beta == 0 ? scaled : scaled + ((double)beta * c[index]));
            }
        }
    }
}
