using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    internal const float C20 = 1.0925484305920792f;
    internal const float C21 = -1.0925484305920792f;
    internal const float C22 = 0.31539156525252005f;
    internal const float C23 = -1.0925484305920792f;
    internal const float C24 = 0.5462742152960396f;
    internal const float C30 = -0.5900435899266435f;
    internal const float C31 = 2.890611442640554f;
    internal const float C32 = -0.4570457994644658f;
    internal const float C33 = 0.3731763325901154f;
    internal const float C34 = -0.4570457994644658f;
    internal const float C35 = 1.445305721320277f;
    internal const float C36 = -0.5900435899266435f;

    /// <summary>Number of coefficients per channel for a degree, (d+1)².</summary>
    public static int CoefficientCount(int degree) => (degree + 1) * (degree + 1);

    /// <summary>Colour of one Gaussian seen along the (unnormalised) direction mean − camera centre.</summary>
    /// <param name="degree">Active degree 0..3.</param>
    /// <param name="coefficients">At least (degree+1)²·3 coefficients, [K, 3].</param>
    /// <param name="dirX">Direction x (mean − centre).</param>
    /// <param name="dirY">Direction y.</param>
    /// <param name="dirZ">Direction z.</param>
    /// <param name="rgb">Receives the 3 clamped colour channels.</param>
    /// <exception cref="ArgumentException">Too few coefficients or an output span shorter than 3.</exception>
    public static void Evaluate(int degree, ReadOnlySpan<float> coefficients, float dirX, float dirY, float dirZ, Span<float> rgb)
    {
        var count = Check(degree, coefficients.Length, rgb.Length);
        var basis = new Basis(degree, dirX, dirY, dirZ);
        ref var c = ref MemoryMarshal.GetReference(coefficients);
        basis.Dot(ref c, count, out var r, out var g, out var b);
        rgb[0] = MathF.Max(r + 0.5f, 0f);
        rgb[1] = MathF.Max(g + 0.5f, 0f);
        rgb[2] = MathF.Max(b + 0.5f, 0f);
    }

    /// <summary>
    /// Backward of <see cref="Evaluate"/>: channels whose unclamped value is &lt; 0 get no gradient (as 3DGS); writes
    /// ∂L/∂coefficients (all entries of <paramref name="dCoefficients"/>, zero above the degree) and
    /// ∂L/∂direction (through the normalisation; equal to ∂L/∂mean).
    /// </summary>
    /// <param name="degree">Active degree 0..3.</param>
    /// <param name="coefficients">The coefficients used in the forward.</param>
    /// <param name="dirX">Direction x (mean − centre).</param>
    /// <param name="dirY">Direction y.</param>
    /// <param name="dirZ">Direction z.</param>
    /// <param name="dRgb">∂L/∂colour (3).</param>
    /// <param name="dCoefficients">Receives ∂L/∂coefficients; at least (degree+1)²·3 long.</param>
    /// <param name="dDirection">Receives ∂L/∂direction (3).</param>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Backward(int degree, ReadOnlySpan<float> coefficients, float dirX, float dirY, float dirZ, ReadOnlySpan<float> dRgb, Span<float> dCoefficients, Span<float> dDirection)
    {
        var count = Check(degree, coefficients.Length, dDirection.Length);
        if (dCoefficients.Length < 3 * count || dRgb.Length < 3)
        {
            throw new ArgumentException($"SphericalHarmonics.Backward: dCoefficients has {dCoefficients.Length} entries (needs {3 * count}), dRgb {dRgb.Length} (needs 3).", nameof(dCoefficients));
        }

        var basis = new Basis(degree, dirX, dirY, dirZ);
        ref var c = ref MemoryMarshal.GetReference(coefficients);
        basis.Dot(ref c, count, out var r, out var g, out var b);
        var gr = r + 0.5f < 0 ? 0f : dRgb[0];
        var gg = g + 0.5f < 0 ? 0f : dRgb[1];
        var gb = b + 0.5f < 0 ? 0f : dRgb[2];
        ref var dc = ref MemoryMarshal.GetReference(dCoefficients);
        basis.Outer(ref dc, count, gr, gg, gb);
        dCoefficients[(3 * count)..].Clear();
        if (degree == 0)
        {
            dDirection[0] = 0;
            dDirection[1] = 0;
            dDirection[2] = 0;
            return;
        }

        // gₖ = ∂L/∂basisₖ = Σ_c dRgb_c·coef_kc; then ∂basis/∂(x, y, z) of the unit direction.
        float x = basis.X, y = basis.Y, z = basis.Z;
        var gx = -C1 * G(ref c, 3, gr, gg, gb);
        var gy = -C1 * G(ref c, 1, gr, gg, gb);
        var gz = C1 * G(ref c, 2, gr, gg, gb);
        if (degree > 1)
        {
            float g4 = G(ref c, 4, gr, gg, gb), g5 = G(ref c, 5, gr, gg, gb), g6 = G(ref c, 6, gr, gg, gb), g7 = G(ref c, 7, gr, gg, gb), g8 = G(ref c, 8, gr, gg, gb);
            gx += (C20 * y * g4) + (-2 * C22 * x * g6) + (C23 * z * g7) + (2 * C24 * x * g8);
            gy += (C20 * x * g4) + (C21 * z * g5) + (-2 * C22 * y * g6) + (-2 * C24 * y * g8);
            gz += (C21 * y * g5) + (4 * C22 * z * g6) + (C23 * x * g7);
            if (degree > 2)
            {
                float g9 = G(ref c, 9, gr, gg, gb), g10 = G(ref c, 10, gr, gg, gb), g11 = G(ref c, 11, gr, gg, gb), g12 = G(ref c, 12, gr, gg, gb), g13 = G(ref c, 13, gr, gg, gb), g14 = G(ref c, 14, gr, gg, gb), g15 = G(ref c, 15, gr, gg, gb);
                float xx = x * x, yy = y * y, zz = z * z;
                gx += (C30 * 6 * x * y * g9) + (C31 * y * z * g10) + (-2 * C32 * x * y * g11)
                    + (-6 * C33 * x * z * g12) + (C34 * ((4 * zz) - (3 * xx) - yy) * g13)
                    + (2 * C35 * x * z * g14) + (C36 * 3 * (xx - yy) * g15);
                gy += (C30 * 3 * (xx - yy) * g9) + (C31 * x * z * g10) + (C32 * ((4 * zz) - xx - (3 * yy)) * g11)
                    + (-6 * C33 * y * z * g12) + (-2 * C34 * x * y * g13)
                    + (-2 * C35 * y * z * g14) + (-6 * C36 * x * y * g15);
                gz += (C31 * x * y * g10) + (8 * C32 * y * z * g11) + (C33 * ((6 * zz) - (3 * xx) - (3 * yy)) * g12)
                    + (8 * C34 * x * z * g13) + (C35 * (xx - yy) * g14);
            }
        }

        // d̂ = d/|d|: ∂L/∂d = (g − d̂(d̂·g))/|d|.
        var dot = (x * gx) + (y * gy) + (z * gz);
        var invNorm = basis.InvNorm;
        dDirection[0] = (gx - (x * dot)) * invNorm;
        dDirection[1] = (gy - (y * dot)) * invNorm;
        dDirection[2] = (gz - (z * dot)) * invNorm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float G(ref float c, int k, float gr, float gg, float gb) =>
        (gr * Unsafe.Add(ref c, 3 * k)) + (gg * Unsafe.Add(ref c, (3 * k) + 1)) + (gb * Unsafe.Add(ref c, (3 * k) + 2));

    private static int Check(int degree, int coefficientLength, int outputLength)
    {
        if (degree is < 0 or > 3)
        {
            throw new ArgumentException($"SphericalHarmonics: degree {degree} is outside 0..3.", nameof(degree));
        }

        var count = CoefficientCount(degree);
        if (coefficientLength < 3 * count || outputLength < 3)
        {
            throw new ArgumentException($"SphericalHarmonics: degree {degree} needs {3 * count} coefficients (got {coefficientLength}) and a 3-entry output (got {outputLength}).", nameof(coefficientLength));
        }

        return count;
    }

    /// <summary>The basis values of one normalised direction (entries above the degree are unused).</summary>
    private readonly struct Basis
    {
        public readonly float X, Y, Z, InvNorm;
        private readonly float b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Basis(int degree, float dirX, float dirY, float dirZ)
        {
            InvNorm = 1f / MathF.Sqrt((dirX * dirX) + (dirY * dirY) + (dirZ * dirZ));
            float x = dirX * InvNorm, y = dirY * InvNorm, z = dirZ * InvNorm;
            (X, Y, Z) = (x, y, z);
            b1 = -C1 * y;
            b2 = C1 * z;
            b3 = -C1 * x;
            float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
            b4 = C20 * xy;
            b5 = C21 * yz;
            b6 = C22 * ((2 * zz) - xx - yy);
            b7 = C23 * xz;
            b8 = C24 * (xx - yy);
            b9 = C30 * y * ((3 * xx) - yy);
            b10 = C31 * xy * z;
            b11 = C32 * y * ((4 * zz) - xx - yy);
            b12 = C33 * z * ((2 * zz) - (3 * xx) - (3 * yy));
            b13 = C34 * x * ((4 * zz) - xx - yy);
            b14 = C35 * z * (xx - yy);
            b15 = C36 * x * (xx - (3 * yy));
            _ = degree;
        }

        /// <summary>Σₖ basisₖ·c[k, ·] over the first <paramref name="count"/> coefficients (two partial sums per channel).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Dot(ref float c, int count, out float r, out float g, out float b)
        {
            float r0 = C0 * c, g0 = C0 * Unsafe.Add(ref c, 1), bl0 = C0 * Unsafe.Add(ref c, 2);
            float r1 = 0, g1 = 0, bl1 = 0;
            if (count > 1)
            {
                Acc(ref c, 1, b1, ref r1, ref g1, ref bl1);
                Acc(ref c, 2, b2, ref r0, ref g0, ref bl0);
                Acc(ref c, 3, b3, ref r1, ref g1, ref bl1);
                if (count > 4)
                {
                    Acc(ref c, 4, b4, ref r0, ref g0, ref bl0);
                    Acc(ref c, 5, b5, ref r1, ref g1, ref bl1);
                    Acc(ref c, 6, b6, ref r0, ref g0, ref bl0);
                    Acc(ref c, 7, b7, ref r1, ref g1, ref bl1);
                    Acc(ref c, 8, b8, ref r0, ref g0, ref bl0);
                    if (count > 9)
                    {
                        Acc(ref c, 9, b9, ref r1, ref g1, ref bl1);
                        Acc(ref c, 10, b10, ref r0, ref g0, ref bl0);
                        Acc(ref c, 11, b11, ref r1, ref g1, ref bl1);
                        Acc(ref c, 12, b12, ref r0, ref g0, ref bl0);
                        Acc(ref c, 13, b13, ref r1, ref g1, ref bl1);
                        Acc(ref c, 14, b14, ref r0, ref g0, ref bl0);
                        Acc(ref c, 15, b15, ref r1, ref g1, ref bl1);
                    }
                }
            }

            r = r0 + r1;
            g = g0 + g1;
            b = bl0 + bl1;
        }

        /// <summary>d[k, ·] = basisₖ·(gr, gg, gb) for the first <paramref name="count"/> coefficients.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Outer(ref float d, int count, float gr, float gg, float gb)
        {
            Put(ref d, 0, C0, gr, gg, gb);
            if (count > 1)
            {
                Put(ref d, 1, b1, gr, gg, gb);
                Put(ref d, 2, b2, gr, gg, gb);
                Put(ref d, 3, b3, gr, gg, gb);
                if (count > 4)
                {
                    Put(ref d, 4, b4, gr, gg, gb);
                    Put(ref d, 5, b5, gr, gg, gb);
                    Put(ref d, 6, b6, gr, gg, gb);
                    Put(ref d, 7, b7, gr, gg, gb);
                    Put(ref d, 8, b8, gr, gg, gb);
                    if (count > 9)
                    {
                        Put(ref d, 9, b9, gr, gg, gb);
                        Put(ref d, 10, b10, gr, gg, gb);
                        Put(ref d, 11, b11, gr, gg, gb);
                        Put(ref d, 12, b12, gr, gg, gb);
                        Put(ref d, 13, b13, gr, gg, gb);
                        Put(ref d, 14, b14, gr, gg, gb);
                        Put(ref d, 15, b15, gr, gg, gb);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Acc(ref float c, int k, float w, ref float r, ref float g, ref float b)
        {
            r += w * Unsafe.Add(ref c, 3 * k);
            g += w * Unsafe.Add(ref c, (3 * k) + 1);
            b += w * Unsafe.Add(ref c, (3 * k) + 2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Put(ref float d, int k, float w, float gr, float gg, float gb)
        {
            Unsafe.Add(ref d, 3 * k) = w * gr;
            Unsafe.Add(ref d, (3 * k) + 1) = w * gg;
            Unsafe.Add(ref d, (3 * k) + 2) = w * gb;
        }
    }
}
