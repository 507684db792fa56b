using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Research.Splatting.Rasterization;

/// <summary>
/// <see cref="SphericalHarmonics"/> for a block of 8 consecutive Gaussians, one lane each: the [K, 3] coefficient rows
/// of the 8 Gaussians are transposed into per-coefficient vectors (8×8 AVX transposes where the rows allow, scalar
/// otherwise), the same formulas run lane-wise, and gradients are transposed back.
/// </summary>
[SkipLocalsInit]
internal static class ShSimd
{
    private const int Lanes = 8;
    private const int MaxColumns = 48;

    /// <summary>Colours of the 8 Gaussians at <paramref name="i0"/>; culled lanes (not in <paramref name="visible"/>) get 0.</summary>
    public static void Forward(ProjectionInputs inputs, int i0, V dx, V dy, V dz, V visible, float[] colors)
    {
        var degree = inputs.ShDegree;
        var count = SphericalHarmonics.CoefficientCount(degree);
        Span<V> cols = stackalloc V[MaxColumns];
        LoadColumns(inputs.Shs, i0, inputs.ShCoefficients * 3, 3 * count, cols);
        Span<V> basis = stackalloc V[16];
        Basis(degree, Sanitize(visible, dx, dy, dz, out var sy, out var sz), sy, sz, basis, out _, out _, out _, out _);
        Dot(cols, basis, count, out var r, out var g, out var b);
        var half = Vector256.Create(0.5f);
        Store(colors, 3 * i0, Vector256.ConditionalSelect(visible, Vector256.Max(r + half, V.Zero), V.Zero));
        Store(colors, (3 * i0) + 1, Vector256.ConditionalSelect(visible, Vector256.Max(g + half, V.Zero), V.Zero));
        Store(colors, (3 * i0) + 2, Vector256.ConditionalSelect(visible, Vector256.Max(b + half, V.Zero), V.Zero));
    }

    /// <summary>
    /// Writes ∂L/∂SH of the 8 Gaussians (all K·3 entries; zero for culled lanes and above the degree) and returns
    /// ∂L/∂mean through the view direction.
    /// </summary>
    public static void Backward(ProjectionInputs inputs, int i0, V dx, V dy, V dz, V visible, float[] dColors, float[] dShs, out V gx, out V gy, out V gz)
    {
        var degree = inputs.ShDegree;
        var count = SphericalHarmonics.CoefficientCount(degree);
        var k3 = inputs.ShCoefficients * 3;
        Span<V> cols = stackalloc V[MaxColumns];
        LoadColumns(inputs.Shs, i0, k3, 3 * count, cols);
        Span<V> basis = stackalloc V[16];
        Basis(degree, Sanitize(visible, dx, dy, dz, out var sy, out var sz), sy, sz, basis, out var x, out var y, out var z, out var invNorm);
        Dot(cols, basis, count, out var r, out var g, out var b);
        var half = Vector256.Create(0.5f);
        var gr = Vector256.ConditionalSelect(visible & ~Vector256.LessThan(r + half, V.Zero), Load(dColors, 3 * i0), V.Zero);
        var gg = Vector256.ConditionalSelect(visible & ~Vector256.LessThan(g + half, V.Zero), Load(dColors, (3 * i0) + 1), V.Zero);
        var gb = Vector256.ConditionalSelect(visible & ~Vector256.LessThan(b + half, V.Zero), Load(dColors, (3 * i0) + 2), V.Zero);

        Span<V> dCols = stackalloc V[MaxColumns];
        for (var k = 0; k < count; k++)
        {
            dCols[3 * k] = basis[k] * gr;
            dCols[(3 * k) + 1] = basis[k] * gg;
            dCols[(3 * k) + 2] = basis[k] * gb;
        }

        StoreColumns(dShs, i0, k3, 3 * count, dCols);
        if (degree == 0)
        {
            gx = gy = gz = V.Zero;
            return;
        }

        // gₖ = Σ_c dRgb_c·coef_kc, then ∂basis/∂(x, y, z) as in SphericalHarmonics.Backward.
        Span<V> gk = stackalloc V[16];
        for (var k = 1; k < count; k++)
        {
            gk[k] = (gr * cols[3 * k]) + (gg * cols[(3 * k) + 1]) + (gb * cols[(3 * k) + 2]);
        }

        var c1 = C(SphericalHarmonics.C1);
        var ux = -c1 * gk[3];
        var uy = -c1 * gk[1];
        var uz = c1 * gk[2];
        if (degree > 1)
        {
            ux += (C(SphericalHarmonics.C20) * y * gk[4]) + (C(-2 * SphericalHarmonics.C22) * x * gk[6]) + (C(SphericalHarmonics.C23) * z * gk[7]) + (C(2 * SphericalHarmonics.C24) * x * gk[8]);
            uy += (C(SphericalHarmonics.C20) * x * gk[4]) + (C(SphericalHarmonics.C21) * z * gk[5]) + (C(-2 * SphericalHarmonics.C22) * y * gk[6]) + (C(-2 * SphericalHarmonics.C24) * y * gk[8]);
            uz += (C(SphericalHarmonics.C21) * y * gk[5]) + (C(4 * SphericalHarmonics.C22) * z * gk[6]) + (C(SphericalHarmonics.C23) * x * gk[7]);
            if (degree > 2)
            {
                V xx = x * x, yy = y * y, zz = z * z;
                var three = C(3f);
                var four = C(4f);
                ux += (C(SphericalHarmonics.C30 * 6) * x * y * gk[9]) + (C(SphericalHarmonics.C31) * y * z * gk[10]) + (C(-2 * SphericalHarmonics.C32) * x * y * gk[11])
                    + (C(-6 * SphericalHarmonics.C33) * x * z * gk[12]) + (C(SphericalHarmonics.C34) * ((four * zz) - (three * xx) - yy) * gk[13])
                    + (C(2 * SphericalHarmonics.C35) * x * z * gk[14]) + (C(SphericalHarmonics.C36 * 3) * (xx - yy) * gk[15]);
                uy += (C(SphericalHarmonics.C30 * 3) * (xx - yy) * gk[9]) + (C(SphericalHarmonics.C31) * x * z * gk[10]) + (C(SphericalHarmonics.C32) * ((four * zz) - xx - (three * yy)) * gk[11])
                    + (C(-6 * SphericalHarmonics.C33) * y * z * gk[12]) + (C(-2 * SphericalHarmonics.C34) * x * y * gk[13])
                    + (C(-2 * SphericalHarmonics.C35) * y * z * gk[14]) + (C(-6 * SphericalHarmonics.C36) * x * y * gk[15]);
                uz += (C(SphericalHarmonics.C31) * x * y * gk[10]) + (C(8 * SphericalHarmonics.C32) * y * z * gk[11]) + (C(SphericalHarmonics.C33) * ((C(6f) * zz) - (three * xx) - (three * yy)) * gk[12])
                    + (C(8 * SphericalHarmonics.C34) * x * z * gk[13]) + (C(SphericalHarmonics.C35) * (xx - yy) * gk[14]);
            }
        }

        var dot = (x * ux) + (y * uy) + (z * uz);
        gx = Vector256.ConditionalSelect(visible, (ux - (x * dot)) * invNorm, V.Zero);
        gy = Vector256.ConditionalSelect(visible, (uy - (y * dot)) * invNorm, V.Zero);
        gz = Vector256.ConditionalSelect(visible, (uz - (z * dot)) * invNorm, V.Zero);
    }

    /// <summary>Culled lanes look along +x so their (unused) basis stays finite.</summary>
    private static V Sanitize(V visible, V dx, V dy, V dz, out V sy, out V sz)
    {
        sy = Vector256.ConditionalSelect(visible, dy, V.Zero);
        sz = Vector256.ConditionalSelect(visible, dz, V.Zero);
        return Vector256.ConditionalSelect(visible, dx, V.One);
    }

    private static void Basis(int degree, V dirX, V dirY, V dirZ, Span<V> basis, out V x, out V y, out V z, out V invNorm)
    {
        invNorm = V.One / Vector256.Sqrt((dirX * dirX) + (dirY * dirY) + (dirZ * dirZ));
        x = dirX * invNorm;
        y = dirY * invNorm;
        z = dirZ * invNorm;
        basis[0] = C(SphericalHarmonics.C0);
        if (degree == 0)
        {
            return;
        }

        var c1 = C(SphericalHarmonics.C1);
        basis[1] = -c1 * y;
        basis[2] = c1 * z;
        basis[3] = -c1 * x;
        if (degree == 1)
        {
            return;
        }

        V xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        var two = C(2f);
        var three = C(3f);
        var four = C(4f);
        basis[4] = C(SphericalHarmonics.C20) * xy;
        basis[5] = C(SphericalHarmonics.C21) * yz;
        basis[6] = C(SphericalHarmonics.C22) * ((two * zz) - xx - yy);
        basis[7] = C(SphericalHarmonics.C23) * xz;
        basis[8] = C(SphericalHarmonics.C24) * (xx - yy);
        if (degree == 2)
        {
            return;
        }

        basis[9] = C(SphericalHarmonics.C30) * y * ((three * xx) - yy);
        basis[10] = C(SphericalHarmonics.C31) * xy * z;
        basis[11] = C(SphericalHarmonics.C32) * y * ((four * zz) - xx - yy);
        basis[12] = C(SphericalHarmonics.C33) * z * ((two * zz) - (three * xx) - (three * yy));
        basis[13] = C(SphericalHarmonics.C34) * x * ((four * zz) - xx - yy);
        basis[14] = C(SphericalHarmonics.C35) * z * (xx - yy);
        basis[15] = C(SphericalHarmonics.C36) * x * (xx - (three * yy));
    }

    /// <summary>Σₖ basisₖ·colsₖ per channel, two partial sums (even/odd k) like the scalar path.</summary>
    private static void Dot(Span<V> cols, Span<V> basis, int count, out V r, out V g, out V b)
    {
        V r0 = basis[0] * cols[0], g0 = basis[0] * cols[1], b0 = basis[0] * cols[2];
        V r1 = V.Zero, g1 = V.Zero, b1 = V.Zero;
        for (var k = 1; k < count; k++)
        {
            var w = basis[k];
            if ((k & 1) == 1)
            {
                r1 += w * cols[3 * k];
                g1 += w * cols[(3 * k) + 1];
                b1 += w * cols[(3 * k) + 2];
            }
            else
            {
                r0 += w * cols[3 * k];
                g0 += w * cols[(3 * k) + 1];
                b0 += w * cols[(3 * k) + 2];
            }
        }

        r = r0 + r1;
        g = g0 + g1;
        b = b0 + b1;
    }

    /// <summary>cols[j] = (shs[(i0 + l)·k3 + j])ₗ for j &lt; <paramref name="used"/>.</summary>
    private static void LoadColumns(float[] shs, int i0, int k3, int used, Span<V> cols)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(shs);
        var baseIndex = i0 * k3;
        for (var j0 = 0; j0 < used; j0 += Lanes)
        {
            // Eight-float rows may run into the next Gaussian (ignored) but never past the array.
            if (Avx.IsSupported && baseIndex + (7 * k3) + j0 + Lanes <= shs.Length)
            {
                Transpose(
                    Row(ref s, baseIndex + j0, k3, 0), Row(ref s, baseIndex + j0, k3, 1), Row(ref s, baseIndex + j0, k3, 2), Row(ref s, baseIndex + j0, k3, 3),
                    Row(ref s, baseIndex + j0, k3, 4), Row(ref s, baseIndex + j0, k3, 5), Row(ref s, baseIndex + j0, k3, 6), Row(ref s, baseIndex + j0, k3, 7),
                    out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
                // cols has room for whole tiles (MaxColumns is a multiple of 8); extra columns are never read.
                cols[j0] = c0;
                cols[j0 + 1] = c1;
                cols[j0 + 2] = c2;
                cols[j0 + 3] = c3;
                cols[j0 + 4] = c4;
                cols[j0 + 5] = c5;
                cols[j0 + 6] = c6;
                cols[j0 + 7] = c7;
            }
            else
            {
                for (var j = j0; j < Math.Min(j0 + Lanes, used); j++)
                {
                    ref var r = ref Unsafe.Add(ref s, baseIndex + j);
                    cols[j] = Vector256.Create(r, Unsafe.Add(ref r, k3), Unsafe.Add(ref r, 2 * k3), Unsafe.Add(ref r, 3 * k3),
                        Unsafe.Add(ref r, 4 * k3), Unsafe.Add(ref r, 5 * k3), Unsafe.Add(ref r, 6 * k3), Unsafe.Add(ref r, 7 * k3));
                }
            }
        }
    }

    /// <summary>dShs[(i0 + l)·k3 + j] = cols[j]ₗ for j &lt; <paramref name="used"/>, and 0 for used ≤ j &lt; k3.</summary>
    private static void StoreColumns(float[] dShs, int i0, int k3, int used, Span<V> cols)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(dShs);
        var baseIndex = i0 * k3;

        // Whole 8-float rows while they stay inside each Gaussian's own K·3 entries (lanes past `used` are zeros).
        // Columns in [used, roundup8(used)) are zeroed by the caller's layout: clear them here once.
        for (var j = used; j < Math.Min(MaxColumns, (used + Lanes - 1) / Lanes * Lanes); j++)
        {
            cols[j] = V.Zero;
        }

        var j0 = 0;
        while (Avx.IsSupported && j0 < used && j0 + Lanes <= k3)
        {
            Transpose(cols[j0], cols[j0 + 1], cols[j0 + 2], cols[j0 + 3], cols[j0 + 4], cols[j0 + 5], cols[j0 + 6], cols[j0 + 7], out var r0, out var r1, out var r2, out var r3, out var r4, out var r5, out var r6, out var r7);
            ref var d = ref Unsafe.Add(ref s, baseIndex + j0);
            r0.StoreUnsafe(ref d);
            r1.StoreUnsafe(ref Unsafe.Add(ref d, k3));
            r2.StoreUnsafe(ref Unsafe.Add(ref d, 2 * k3));
            r3.StoreUnsafe(ref Unsafe.Add(ref d, 3 * k3));
            r4.StoreUnsafe(ref Unsafe.Add(ref d, 4 * k3));
            r5.StoreUnsafe(ref Unsafe.Add(ref d, 5 * k3));
            r6.StoreUnsafe(ref Unsafe.Add(ref d, 6 * k3));
            r7.StoreUnsafe(ref Unsafe.Add(ref d, 7 * k3));
            j0 += Lanes;
        }

        for (var j = j0; j < used; j++)
        {
            var v = cols[j];
            for (var l = 0; l < Lanes; l++)
            {
                Unsafe.Add(ref s, baseIndex + (l * k3) + j) = v.GetElement(l);
            }
        }

        var from = Math.Max(j0, used);
        if (from < k3)
        {
            for (var l = 0; l < Lanes; l++)
            {
                dShs.AsSpan(baseIndex + (l * k3) + from, k3 - from).Clear();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Row(ref float s, int start, int k3, int lane) => Vector256.LoadUnsafe(ref Unsafe.Add(ref s, start + (lane * k3)));

    /// <summary>8×8 transpose: output j holds element j of every input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(V r0, V r1, V r2, V r3, V r4, V r5, V r6, V r7, out V o0, out V o1, out V o2, out V o3, out V o4, out V o5, out V o6, out V o7)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        o0 = Avx.Permute2x128(u0, u4, 0x20);
        o1 = Avx.Permute2x128(u1, u5, 0x20);
        o2 = Avx.Permute2x128(u2, u6, 0x20);
        o3 = Avx.Permute2x128(u3, u7, 0x20);
        o4 = Avx.Permute2x128(u0, u4, 0x31);
        o5 = Avx.Permute2x128(u1, u5, 0x31);
        o6 = Avx.Permute2x128(u2, u6, 0x31);
        o7 = Avx.Permute2x128(u3, u7, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V C(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load(float[] array, int start) =>
        Vector256.Create(array[start], array[start + 3], array[start + 6], array[start + 9], array[start + 12], array[start + 15], array[start + 18], array[start + 21]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float[] array, int start, V value)
    {
        for (var l = 0; l < Lanes; l++)
        {
            array[start + (3 * l)] = value.GetElement(l);
        }
    }
}
