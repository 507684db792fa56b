using System.Runtime.CompilerServices;

namespace Research.Splatting.Rasterization;

/// <summary>
/// View-dependent colour from real spherical harmonics, degrees 0..3, with the 3DGS constants and sign conventions
/// (computeColorFromSH): colour = Σₖ basisₖ(d̂)·coefₖ + 0.5, clamped at ≥ 0, d̂ = normalize(mean − camera centre).
/// Coefficients of one Gaussian are laid out [K, 3] (coefficient-major, RGB inner), DC first.
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>Degree-0 constant.</summary>
    public const float C0 = 0.28209479177387814f;

    /// <summary>Degree-1 constant.</summary>
    public const float C1 = 0.4886025119029199f;

    private const float C20 = 1.0925484305920792f;
    private const float C21 = -1.0925484305920792f;
    private const float C22 = 0.31539156525252005f;
    private const float C23 = -1.0925484305920792f;
    private const float C24 = 0.5462742152960396f;
    private const float C30 = -0.5900435899266435f;
    private const float C31 = 2.890611442640554f;
    private const float C32 = -0.4570457994644658f;
    private const float C33 = 0.3731763325901154f;
    private const float C34 = -0.4570457994644658f;
    private const float C35 = 1.445305721320277f;
    private const float C36 = -0.5900435899266435f;

    /// <summary>Number of coefficients per channel for a degree, (d+1)².</summary>
    public static int CoefficientCount(int degree) => (degree + 1) * (degree + 1);

    /// <summary>Colour of one Gaussian seen along the (unnormalised) direction mean − camera centre.</summary>
    /// <param name="degree">Active degree 0..3.</param>
    /// <param name="coefficients">At least (degree+1)²·3 coefficients, [K, 3].</param>
    /// <param name="dirX">Direction x (mean − centre).</param>
    /// <param name="dirY">Direction y.</param>
    /// <param name="dirZ">Direction z.</param>
    /// <param name="rgb">Receives the 3 clamped colour channels.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate(int degree, ReadOnlySpan<float> coefficients, float dirX, float dirY, float dirZ, Span<float> rgb)
    {
        Span<float> basis = stackalloc float[16];
        var count = Basis(degree, dirX, dirY, dirZ, basis, out _);
        float r = 0.5f, g = 0.5f, b = 0.5f;
        for (var k = 0; k < count; k++)
        {
            var w = basis[k];
            r += w * coefficients[3 * k];
            g += w * coefficients[(3 * k) + 1];
            b += w * coefficients[(3 * k) + 2];
        }

        rgb[0] = MathF.Max(r, 0f);
        rgb[1] = MathF.Max(g, 0f);
        rgb[2] = MathF.Max(b, 0f);
    }

    /// <summary>
    /// Backward of <see cref="Evaluate"/>: channels whose unclamped value is &lt; 0 get no gradient (as 3DGS); writes
    /// ∂L/∂coefficients (all K·3 entries of <paramref name="dCoefficients"/>, zero above the degree) and
    /// ∂L/∂direction (through the normalisation; equal to ∂L/∂mean).
    /// </summary>
    /// <param name="degree">Active degree 0..3.</param>
    /// <param name="coefficients">The coefficients used in the forward.</param>
    /// <param name="dirX">Direction x (mean − centre).</param>
    /// <param name="dirY">Direction y.</param>
    /// <param name="dirZ">Direction z.</param>
    /// <param name="dRgb">∂L/∂colour (3).</param>
    /// <param name="dCoefficients">Receives ∂L/∂coefficients; its length defines K·3.</param>
    /// <param name="dDirection">Receives ∂L/∂direction (3).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backward(int degree, ReadOnlySpan<float> coefficients, float dirX, float dirY, float dirZ, ReadOnlySpan<float> dRgb, Span<float> dCoefficients, Span<float> dDirection)
    {
        Span<float> basis = stackalloc float[16];
        var count = Basis(degree, dirX, dirY, dirZ, basis, out var invNorm);
        float r = 0.5f, g = 0.5f, b = 0.5f;
        for (var k = 0; k < count; k++)
        {
            var w = basis[k];
            r += w * coefficients[3 * k];
            g += w * coefficients[(3 * k) + 1];
            b += w * coefficients[(3 * k) + 2];
        }

        var gr = r < 0 ? 0f : dRgb[0];
        var gg = g < 0 ? 0f : dRgb[1];
        var gb = b < 0 ? 0f : dRgb[2];
        for (var k = 0; k < count; k++)
        {
            var w = basis[k];
            dCoefficients[3 * k] = w * gr;
            dCoefficients[(3 * k) + 1] = w * gg;
            dCoefficients[(3 * k) + 2] = w * gb;
        }

        dCoefficients[(3 * count)..].Clear();
        if (degree == 0)
        {
            dDirection[0] = 0;
            dDirection[1] = 0;
            dDirection[2] = 0;
            return;
        }

        // g_k = ∂L/∂basis_k = Σ_c dRgb_c·coef_kc; then ∂basis/∂(x, y, z) of the unit direction.
        Span<float> gk = stackalloc float[16];
        for (var k = 1; k < count; k++)
        {
            gk[k] = (gr * coefficients[3 * k]) + (gg * coefficients[(3 * k) + 1]) + (gb * coefficients[(3 * k) + 2]);
        }

        var x = dirX * invNorm;
        var y = dirY * invNorm;
        var z = dirZ * invNorm;
        var gx = -C1 * gk[3];
        var gy = -C1 * gk[1];
        var gz = C1 * gk[2];
        if (degree > 1)
        {
            gx += (C20 * y * gk[4]) + (-2 * C22 * x * gk[6]) + (C23 * z * gk[7]) + (2 * C24 * x * gk[8]);
            gy += (C20 * x * gk[4]) + (C21 * z * gk[5]) + (-2 * C22 * y * gk[6]) + (-2 * C24 * y * gk[8]);
            gz += (C21 * y * gk[5]) + (4 * C22 * z * gk[6]) + (C23 * x * gk[7]);
            if (degree > 2)
            {
                float xx = x * x, yy = y * y, zz = z * z;
                gx += (C30 * 6 * x * y * gk[9]) + (C31 * y * z * gk[10]) + (-2 * C32 * x * y * gk[11])
                    + (-6 * C33 * x * z * gk[12]) + (C34 * ((4 * zz) - (3 * xx) - yy) * gk[13])
                    + (2 * C35 * x * z * gk[14]) + (C36 * 3 * (xx - yy) * gk[15]);
                gy += (C30 * 3 * (xx - yy) * gk[9]) + (C31 * x * z * gk[10]) + (C32 * ((4 * zz) - xx - (3 * yy)) * gk[11])
                    + (-6 * C33 * y * z * gk[12]) + (-2 * C34 * x * y * gk[13])
                    + (-2 * C35 * y * z * gk[14]) + (-6 * C36 * x * y * gk[15]);
                gz += (C31 * x * y * gk[10]) + (8 * C32 * y * z * gk[11]) + (C33 * ((6 * zz) - (3 * xx) - (3 * yy)) * gk[12])
                    + (8 * C34 * x * z * gk[13]) + (C35 * (xx - yy) * gk[14]);
            }
        }

        // d̂ = d/|d|: ∂L/∂d = (g − d̂(d̂·g))/|d|.
        var dot = (x * gx) + (y * gy) + (z * gz);
        dDirection[0] = (gx - (x * dot)) * invNorm;
        dDirection[1] = (gy - (y * dot)) * invNorm;
        dDirection[2] = (gz - (z * dot)) * invNorm;
    }

    /// <summary>Fills the first (degree+1)² basis values of the normalised direction; returns that count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Basis(int degree, float dirX, float dirY, float dirZ, Span<float> basis, out float invNorm)
    {
        invNorm = 1f / MathF.Sqrt((dirX * dirX) + (dirY * dirY) + (dirZ * dirZ));
        basis[0] = C0;
        if (degree == 0)
        {
            return 1;
        }

        var x = dirX * invNorm;
        var y = dirY * invNorm;
        var z = dirZ * invNorm;
        basis[1] = -C1 * y;
        basis[2] = C1 * z;
        basis[3] = -C1 * x;
        if (degree == 1)
        {
            return 4;
        }

        float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        basis[4] = C20 * xy;
        basis[5] = C21 * yz;
        basis[6] = C22 * ((2 * zz) - xx - yy);
        basis[7] = C23 * xz;
        basis[8] = C24 * (xx - yy);
        if (degree == 2)
        {
            return 9;
        }

        basis[9] = C30 * y * ((3 * xx) - yy);
        basis[10] = C31 * xy * z;
        basis[11] = C32 * y * ((4 * zz) - xx - yy);
        basis[12] = C33 * z * ((2 * zz) - (3 * xx) - (3 * yy));
        basis[13] = C34 * x * ((4 * zz) - xx - yy);
        basis[14] = C35 * z * (xx - yy);
        basis[15] = C36 * x * (xx - (3 * yy));
        return 16;
    }
}
