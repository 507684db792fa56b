using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Research.Tensors.Kernels;

/// <summary>AVX-512 register tiles: 6 rows × 64/32/16 columns, 24/12/6 zmm accumulators, one broadcast per A value.</summary>
internal static unsafe class GemmKernels512
{
    /// <summary>Rows per register tile.</summary>
    public const int Rows = 6;

    /// <summary>Floats per vector.</summary>
    public const int Width = 16;

    /// <summary>
    /// C[0..6, 0..64) = alpha · (packed A tile · packed B panel) + beta · C (beta = 0 never reads C).
    /// A's tile value (row r, depth p) is at a[r·rowStep + p·depthStep]: (1, 6) when packed, or A itself unpacked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x64(int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        var (r2, r3, r4, r5) = (2 * rowStep, 3 * rowStep, 4 * rowStep, 5 * rowStep);
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero; var c02 = Vector512<float>.Zero; var c03 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero; var c12 = Vector512<float>.Zero; var c13 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero; var c22 = Vector512<float>.Zero; var c23 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero; var c32 = Vector512<float>.Zero; var c33 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero; var c42 = Vector512<float>.Zero; var c43 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero; var c52 = Vector512<float>.Zero; var c53 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            var b3 = Vector512.Load(b + 48);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(a0, b3, c03);
            var a1 = Vector512.Create(a[rowStep]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(a1, b3, c13);
            var a2 = Vector512.Create(a[r2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
            c23 = Vector512.FusedMultiplyAdd(a2, b3, c23);
            var a3 = Vector512.Create(a[r3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
            c33 = Vector512.FusedMultiplyAdd(a3, b3, c33);
            var a4 = Vector512.Create(a[r4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
            c43 = Vector512.FusedMultiplyAdd(a4, b3, c43);
            var a5 = Vector512.Create(a[r5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
            c53 = Vector512.FusedMultiplyAdd(a5, b3, c53);
            a += depthStep;
            b += 64;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0)
        {
            (va * c00).Store(c);
            (va * c01).Store(c + 16);
            (va * c02).Store(c + 32);
            (va * c03).Store(c + 48);
            (va * c10).Store(c + ldc);
            (va * c11).Store(c + ldc + 16);
            (va * c12).Store(c + ldc + 32);
            (va * c13).Store(c + ldc + 48);
            (va * c20).Store(c + (2 * ldc));
            (va * c21).Store(c + (2 * ldc) + 16);
            (va * c22).Store(c + (2 * ldc) + 32);
            (va * c23).Store(c + (2 * ldc) + 48);
            (va * c30).Store(c + (3 * ldc));
            (va * c31).Store(c + (3 * ldc) + 16);
            (va * c32).Store(c + (3 * ldc) + 32);
            (va * c33).Store(c + (3 * ldc) + 48);
            (va * c40).Store(c + (4 * ldc));
            (va * c41).Store(c + (4 * ldc) + 16);
            (va * c42).Store(c + (4 * ldc) + 32);
            (va * c43).Store(c + (4 * ldc) + 48);
            (va * c50).Store(c + (5 * ldc));
            (va * c51).Store(c + (5 * ldc) + 16);
            (va * c52).Store(c + (5 * ldc) + 32);
            (va * c53).Store(c + (5 * ldc) + 48);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update(c, va * c00, vb);
            Update(c + 16, va * c01, vb);
            Update(c + 32, va * c02, vb);
            Update(c + 48, va * c03, vb);
            Update(c + ldc, va * c10, vb);
            Update(c + ldc + 16, va * c11, vb);
            Update(c + ldc + 32, va * c12, vb);
            Update(c + ldc + 48, va * c13, vb);
            Update(c + (2 * ldc), va * c20, vb);
            Update(c + (2 * ldc) + 16, va * c21, vb);
            Update(c + (2 * ldc) + 32, va * c22, vb);
            Update(c + (2 * ldc) + 48, va * c23, vb);
            Update(c + (3 * ldc), va * c30, vb);
            Update(c + (3 * ldc) + 16, va * c31, vb);
            Update(c + (3 * ldc) + 32, va * c32, vb);
            Update(c + (3 * ldc) + 48, va * c33, vb);
            Update(c + (4 * ldc), va * c40, vb);
            Update(c + (4 * ldc) + 16, va * c41, vb);
            Update(c + (4 * ldc) + 32, va * c42, vb);
            Update(c + (4 * ldc) + 48, va * c43, vb);
            Update(c + (5 * ldc), va * c50, vb);
            Update(c + (5 * ldc) + 16, va * c51, vb);
            Update(c + (5 * ldc) + 32, va * c52, vb);
            Update(c + (5 * ldc) + 48, va * c53, vb);
        }
    }

    /// <summary>
    /// C[0..6, 0..32) = alpha · (packed A tile · packed B panel) + beta · C (beta = 0 never reads C).
    /// A's tile value (row r, depth p) is at a[r·rowStep + p·depthStep]: (1, 6) when packed, or A itself unpacked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x32(int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        var (r2, r3, r4, r5) = (2 * rowStep, 3 * rowStep, 4 * rowStep, 5 * rowStep);
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[rowStep]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[r2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[r3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[r4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[r5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            a += depthStep;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0)
        {
            (va * c00).Store(c);
            (va * c01).Store(c + 16);
            (va * c10).Store(c + ldc);
            (va * c11).Store(c + ldc + 16);
            (va * c20).Store(c + (2 * ldc));
            (va * c21).Store(c + (2 * ldc) + 16);
            (va * c30).Store(c + (3 * ldc));
            (va * c31).Store(c + (3 * ldc) + 16);
            (va * c40).Store(c + (4 * ldc));
            (va * c41).Store(c + (4 * ldc) + 16);
            (va * c50).Store(c + (5 * ldc));
            (va * c51).Store(c + (5 * ldc) + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update(c, va * c00, vb);
            Update(c + 16, va * c01, vb);
            Update(c + ldc, va * c10, vb);
            Update(c + ldc + 16, va * c11, vb);
            Update(c + (2 * ldc), va * c20, vb);
            Update(c + (2 * ldc) + 16, va * c21, vb);
            Update(c + (3 * ldc), va * c30, vb);
            Update(c + (3 * ldc) + 16, va * c31, vb);
            Update(c + (4 * ldc), va * c40, vb);
            Update(c + (4 * ldc) + 16, va * c41, vb);
            Update(c + (5 * ldc), va * c50, vb);
            Update(c + (5 * ldc) + 16, va * c51, vb);
        }
    }

    /// <summary>
    /// C[0..6, 0..16) = alpha · (packed A tile · packed B panel) + beta · C (beta = 0 never reads C).
    /// A's tile value (row r, depth p) is at a[r·rowStep + p·depthStep]: (1, 6) when packed, or A itself unpacked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel6x16(int kc, float* a, nint rowStep, nint depthStep, float* b, float* c, int ldc, float alpha, float beta)
    {
        var (r2, r3, r4, r5) = (2 * rowStep, 3 * rowStep, 4 * rowStep, 5 * rowStep);
        var c00 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            var a1 = Vector512.Create(a[rowStep]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            var a2 = Vector512.Create(a[r2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            var a3 = Vector512.Create(a[r3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            var a4 = Vector512.Create(a[r4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            var a5 = Vector512.Create(a[r5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            a += depthStep;
            b += 16;
        }

        var va = Vector512.Create(alpha);
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
            var vb = Vector512.Create(beta);
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
    private static void Update(float* c, Vector512<float> scaled, Vector512<float> beta) =>
        Vector512.FusedMultiplyAdd(beta, Vector512.Load(c), scaled).Store(c);
}
