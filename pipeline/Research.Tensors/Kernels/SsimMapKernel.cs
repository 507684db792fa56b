using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Research.Tensors.Kernels;

/// <summary>
/// The fp32 per-pixel SSIM map and its derivatives (<see cref="SsimKernel"/>'s scalar <c>Map</c>), 16 pixels at a time.
/// Each lane does the scalar formula's operations in the same order (no fused multiply-adds), so values are
/// bit-identical to the scalar path; the tail runs the scalar formula.
/// </summary>
internal static class SsimMapKernel
{
    private const int Lanes = 16;
    private const float C1 = (float)SsimKernel.C1;
    private const float C2 = (float)SsimKernel.C2;

    /// <summary>Whether the vector path runs on this machine.</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>SSIM at every pixel into <paramref name="ssim"/>.</summary>
    public static void Forward(ReadOnlySpan<float> mx, ReadOnlySpan<float> my, ReadOnlySpan<float> exx, ReadOnlySpan<float> eyy, ReadOnlySpan<float> exy, Span<float> ssim)
    {
        var i = 0;
        for (; i + Lanes <= ssim.Length; i += Lanes)
        {
            var u = (nuint)i;
            Terms(Load(mx, u), Load(my, u), Load(exx, u), Load(eyy, u), Load(exy, u), out _, out _, out _, out _, out _, out var s);
            s.StoreUnsafe(ref MemoryMarshal.GetReference(ssim), u);
        }

        for (; i < ssim.Length; i++)
        {
            ssim[i] = ScalarMap(mx[i], my[i], exx[i], eyy[i], exy[i], out _, out _, out _, out _);
        }
    }

    /// <summary>Overwrites the statistics with scale·∂SSIM/∂(μx, μy, E[x²], E[xy]) (∂/∂E[y²] equals ∂/∂E[x²]).</summary>
    public static void Backward(Span<float> mx, Span<float> my, Span<float> exx, ReadOnlySpan<float> eyy, Span<float> exy, float scale)
    {
        var i = 0;
        var two = Vector512.Create(2f);
        var sc = Vector512.Create(scale);
        for (; i + Lanes <= mx.Length; i += Lanes)
        {
            var u = (nuint)i;
            var vmx = Load(mx, u);
            var vmy = Load(my, u);
            Terms(vmx, vmy, Load(exx, u), Load(eyy, u), Load(exy, u), out var a1, out var a2, out var b1, out var b2, out var d, out var ssim);
            var dMx = ((two * vmy * (a2 - a1)) - (ssim * two * vmx * (b2 - b1))) / d;
            var dMy = ((two * vmx * (a2 - a1)) - (ssim * two * vmy * (b2 - b1))) / d;
            var dSq = -ssim * b1 / d;
            var dXy = two * a1 / d;
            (sc * dMx).StoreUnsafe(ref MemoryMarshal.GetReference(mx), u);
            (sc * dMy).StoreUnsafe(ref MemoryMarshal.GetReference(my), u);
            (sc * dSq).StoreUnsafe(ref MemoryMarshal.GetReference(exx), u);
            (sc * dXy).StoreUnsafe(ref MemoryMarshal.GetReference(exy), u);
        }

        for (; i < mx.Length; i++)
        {
            ScalarMap(mx[i], my[i], exx[i], eyy[i], exy[i], out var gmx, out var gmy, out var gsq, out var gxy);
            mx[i] = scale * gmx;
            my[i] = scale * gmy;
            exx[i] = scale * gsq;
            exy[i] = scale * gxy;
        }
    }

    /// <summary>The scalar formula (the same expression tree as <see cref="SsimKernel"/>'s generic map).</summary>
    public static float ScalarMap(float mx, float my, float exx, float eyy, float exy, out float dMx, out float dMy, out float dSq, out float dXy)
    {
        const float two = 2f;
        var a1 = (two * mx * my) + C1;
        var a2 = (two * (exy - (mx * my))) + C2;
        var b1 = (mx * mx) + (my * my) + C1;
        var b2 = (exx - (mx * mx)) + (eyy - (my * my)) + C2;
        var d = b1 * b2;
        var ssim = a1 * a2 / d;
        dMx = ((two * my * (a2 - a1)) - (ssim * two * mx * (b2 - b1))) / d;
        dMy = ((two * mx * (a2 - a1)) - (ssim * two * my * (b2 - b1))) / d;
        dSq = -ssim * b1 / d;
        dXy = two * a1 / d;
        return ssim;
    }

    private static Vector512<float> Load(ReadOnlySpan<float> s, nuint i) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(s), i);

    private static void Terms(
        Vector512<float> mx, Vector512<float> my, Vector512<float> exx, Vector512<float> eyy, Vector512<float> exy,
        out Vector512<float> a1, out Vector512<float> a2, out Vector512<float> b1, out Vector512<float> b2, out Vector512<float> d, out Vector512<float> ssim)
    {
        var two = Vector512.Create(2f);
        var c1 = Vector512.Create(C1);
        var c2 = Vector512.Create(C2);
        a1 = (two * mx * my) + c1;
        a2 = (two * (exy - (mx * my))) + c2;
        b1 = (mx * mx) + (my * my) + c1;
        b2 = (exx - (mx * mx)) + (eyy - (my * my)) + c2;
        d = b1 * b2;
        ssim = a1 * a2 / d;
    }
}
