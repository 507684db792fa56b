using System.Numerics;
using System.Runtime.InteropServices;

namespace Research.Tensors.Kernels;

/// <summary>
/// C = op(A) · op(B) (+ C when <c>accumulate</c>) for the engine's element types: float goes to the packed
/// <see cref="Gemm"/>; double (gradient checks) runs plain loops with a fixed summation order over k. <c>serial</c>
/// keeps the float product on the calling thread, for callers that already run inside a parallel partition.
/// </summary>
internal static class GenericGemm
{
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, bool accumulate, Span<T> c, int ldc, bool serial = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Gemm.Multiply(
                transA,
                transB,
                m,
                n,
                k,
                1f,
                MemoryMarshal.Cast<T, float>(a),
                lda,
                MemoryMarshal.Cast<T, float>(b),
                ldb,
                accumulate ? 1f : 0f,
                MemoryMarshal.Cast<T, float>(c),
                ldc,
                GemmPath.Auto,
                serial);
            return;
        }

        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (!accumulate)
            {
                row.Clear();
            }

            for (var p = 0; p < k; p++)
            {
                var x = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                if (transB)
                {
                    for (var j = 0; j < n; j++)
                    {
                        row[j] += x * b[(j * ldb) + p];
                    }
                }
                else
                {
                    var bRow = b.Slice(p * ldb, n);
                    for (var j = 0; j < n; j++)
                    {
                        row[j] += x * bRow[j];
                    }
                }
            }
        }
    }
}
