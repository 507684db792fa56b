using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Tensors.Kernels;

/// <summary>AVX2/FMA register tiles: 6 rows × 16/8 columns, 12/6 ymm accumulators, one broadcast per A value.</summary>
internal static unsafe class GemmKernels256
{
    /// <summary>Rows per register tile.</summary>
    public const int Rows = 6;

    /// <summary>Floats per vector.</summary>
    public const int Width = 8;

    /// <summary>
    /// C[0..6, 0..16) = alpha · (packed A tile · packed B panel) + beta · C (beta = 0 never reads C).
    /// A's tile value (row r, depth p) is at a[r·rowStep + p·depthStep]: (1, 6) when packed, or A itself unpacked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x16(int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        var (r2, r3, r4, r5) = (2 * rowStep, 3 * rowStep, 4 * rowStep, 5 * rowStep);
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[rowStep]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[r2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[r3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[r4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[r5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += depthStep;
            b += 16;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0)
        {
            (va * c00).Store(c);
            (va * c01).Store(c + 8);
            (va * c10).Store(c + ldc);
            (va * c11).Store(c + ldc + 8);
            (va * c20).Store(c + (2 * ldc));
            (va * c21).Store(c + (2 * ldc) + 8);
            (va * c30).Store(c + (3 * ldc));
            (va * c31).Store(c + (3 * ldc) + 8);
            (va * c40).Store(c + (4 * ldc));
            (va * c41).Store(c + (4 * ldc) + 8);
            (va * c50).Store(c + (5 * ldc));
            (va * c51).Store(c + (5 * ldc) + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Update(c, va * c00, vb);
            Update(c + 8, va * c01, vb);
            Update(c + ldc, va * c10, vb);
            Update(c + ldc + 8, va * c11, vb);
            Update(c + (2 * ldc), va * c20, vb);
            Update(c + (2 * ldc) + 8, va * c21, vb);
            Update(c + (3 * ldc), va * c30, vb);
            Update(c + (3 * ldc) + 8, va * c31, vb);
            Update(c + (4 * ldc), va * c40, vb);
            Update(c + (4 * ldc) + 8, va * c41, vb);
            Update(c + (5 * ldc), va * c50, vb);
            Update(c + (5 * ldc) + 8, va * c51, vb);
        }
    }

    /// <summary>
    /// C[0..6, 0..8) = alpha · (packed A tile · packed B panel) + beta · C (beta = 0 never reads C).
    /// A's tile value (row r, depth p) is at a[r·rowStep + p·depthStep]: (1, 6) when packed, or A itself unpacked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x8(int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        var (r2, r3, r4, r5) = (2 * rowStep, 3 * rowStep, 4 * rowStep, 5 * rowStep);
        var c00 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            var a1 = Vector256.Create(a[rowStep]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            var a2 = Vector256.Create(a[r2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            var a3 = Vector256.Create(a[r3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            var a4 = Vector256.Create(a[r4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            var a5 = Vector256.Create(a[r5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            a += depthStep;
            b += 8;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0)
        {
            (va * c00).Store(c);
            (va * c10).Store(c + ldc);
            (va * c20).Store(c + (2 * ldc));
            (va * c30).Store(c + (3 * ldc));
            (va * c40).Store(c + (4 * ldc));
            (va * c50).Store(c + (5 * ldc));
        }
        else
        {
            var vb = Vector256.Create(beta);
            Update(c, va * c00, vb);
            Update(c + ldc, va * c10, vb);
            Update(c + (2 * ldc), va * c20, vb);
            Update(c + (3 * ldc), va * c30, vb);
            Update(c + (4 * ldc), va * c40, vb);
            Update(c + (5 * ldc), va * c50, vb);
        }
    }

    // alpha·acc first, then one fused beta·C add: the same two roundings as the scalar edge path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* c, Vector256<float> scaled, Vector256<float> beta) =>
        Fma.MultiplyAdd(beta, Vector256.Load(c), scaled).Store(c);
}
