using System.Runtime.InteropServices;

namespace Research.Benchmarks.Tensors;

/// <summary>Optional side-by-side baseline: <c>cblas_sgemm</c> from the system's <c>libopenblas.so.0</c>, when installed.</summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm =
        Load();

    /// <summary>Whether the library and its CBLAS entry point were found.</summary>
    public static bool IsAvailable => Sgemm != null;

    /// <summary>Row-major C = alpha · op(A) · op(B) + beta · C, same argument order as <c>Gemm.Multiply</c>.</summary>
    public static void Multiply(
        bool transposeA, bool transposeB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Sgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Load() =>
        NativeLibrary.TryLoad("libopenblas.so.0", out var handle) && NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var address)
            ? (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)address
            : null;
}
