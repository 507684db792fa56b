using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace Research.Splatting.Rasterization;

/// <summary>
/// Blocks of 8 Gaussians of <see cref="GaussianProjection"/> with one Vector256 lane per Gaussian: the same formulas
/// as the scalar ForwardOne / BackwardOne (which handle the last partial block), culling and clamps as lane masks.
/// SH stays scalar per lane (its coefficients are contiguous per Gaussian). Callers guarantee i0 + 8 ≤ N (array lengths
/// are validated by <see cref="ProjectionInputs"/>), so the loads skip bounds checks.
/// </summary>
[SkipLocalsInit]
internal static class ProjectionSimd
{
    public const int Lanes = 8;

    public static void ForwardBlock(in ProjectionCamera cam, ProjectionInputs inputs, ProjectedGaussians output, int i0)
    {
        var mx = Load(inputs.Means, 3 * i0, 3);
        var my = Load(inputs.Means, (3 * i0) + 1, 3);
        var mz = Load(inputs.Means, (3 * i0) + 2, 3);
        var vx = Affine(cam.V00, cam.V01, cam.V02, cam.V03, mx, my, mz);
        var vy = Affine(cam.V10, cam.V11, cam.V12, cam.V13, mx, my, mz);
        var vz = Affine(cam.V20, cam.V21, cam.V22, cam.V23, mx, my, mz);
        var hx = Affine(cam.P00, cam.P01, cam.P02, cam.P03, mx, my, mz);
        var hy = Affine(cam.P10, cam.P11, cam.P12, cam.P13, mx, my, mz);
        var hw = Affine(cam.P30, cam.P31, cam.P32, cam.P33, mx, my, mz);
        var one = V.One;
        var half = B(0.5f);
        var pw = one / (hw + B(1e-7f));
        var px = ((((hx * pw) + one) * B(cam.Width)) - one) * half;
        var py = ((((hy * pw) + one) * B(cam.Height)) - one) * half;

        Covariance(inputs, i0, out var s00, out var s01, out var s02, out var s11, out var s12, out var s22);
        Jacobian(in cam, vx, vy, vz, out var t0, out var t1, out var t2, out var u0, out var u1, out var u2, out _, out _);
        var a0 = (s00 * t0) + (s01 * t1) + (s02 * t2);
        var a1 = (s01 * t0) + (s11 * t1) + (s12 * t2);
        var a2 = (s02 * t0) + (s12 * t1) + (s22 * t2);
        var b0 = (s00 * u0) + (s01 * u1) + (s02 * u2);
        var b1 = (s01 * u0) + (s11 * u1) + (s12 * u2);
        var b2 = (s02 * u0) + (s12 * u1) + (s22 * u2);
        var lowPass = B(GaussianProjection.LowPass);
        var a = (t0 * a0) + (t1 * a1) + (t2 * a2) + lowPass;
        var b = (u0 * a0) + (u1 * a1) + (u2 * a2);
        var c = (u0 * b0) + (u1 * b1) + (u2 * b2) + lowPass;
        var det = (a * c) - (b * b);
        var mid = half * (a + c);
        var root = Vector256.Sqrt(Vector256.MaxNative(B(0.1f), (mid * mid) - det));
        var radius = Vector256.Ceiling(B(3f) * Vector256.Sqrt(Vector256.MaxNative(mid + root, mid - root)));

        var tile = B(GaussianProjection.TileSize);
        var gridX = B(cam.GridX);
        var gridY = B(cam.GridY);
        var minX = Vector256.MinNative(gridX, Vector256.MaxNative(V.Zero, Vector256.Truncate((px - radius) / tile)));
        var minY = Vector256.MinNative(gridY, Vector256.MaxNative(V.Zero, Vector256.Truncate((py - radius) / tile)));
        var maxX = Vector256.MinNative(gridX, Vector256.MaxNative(V.Zero, Vector256.Truncate((px + radius + tile - one) / tile)));
        var maxY = Vector256.MinNative(gridY, Vector256.MaxNative(V.Zero, Vector256.Truncate((py + radius + tile - one) / tile)));
        var visible = Vector256.GreaterThan(vz, B(GaussianProjection.NearCull))
            & ~Vector256.Equals(det, V.Zero)
            & ~Vector256.Equals((maxX - minX) * (maxY - minY), V.Zero);

        var detInv = one / det;
        Store(output.MeanX, i0, Vector256.ConditionalSelect(visible, px, V.Zero));
        Store(output.MeanY, i0, Vector256.ConditionalSelect(visible, py, V.Zero));
        Store(output.Depth, i0, Vector256.ConditionalSelect(visible, vz, V.Zero));
        Store(output.ConicA, i0, Vector256.ConditionalSelect(visible, c * detInv, V.Zero));
        Store(output.ConicB, i0, Vector256.ConditionalSelect(visible, -b * detInv, V.Zero));
        Store(output.ConicC, i0, Vector256.ConditionalSelect(visible, a * detInv, V.Zero));
        Store(output.Opacity, i0, Vector256.ConditionalSelect(visible, Load(inputs.Opacities, i0), V.Zero));
        var radii = Vector256.ConvertToInt32(radius) & visible.AsInt32();
        radii.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(output.Radii), (nuint)i0);

        ShSimd.Forward(inputs, i0, mx - B(cam.CenterX), my - B(cam.CenterY), mz - B(cam.CenterZ), visible, output.Colors);
    }

    public static void BackwardBlock(in ProjectionCamera cam, ProjectionInputs inputs, ProjectedGaussians forward, ProjectedGaussiansGradient d, ProjectionGradients output, int i0)
    {
        var radiiVector = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(forward.Radii), (nuint)i0);
        var visible = (~Vector256.Equals(radiiVector, Vector256<int>.Zero)).AsSingle();
        var bits = visible.ExtractMostSignificantBits();
        var k3 = inputs.ShCoefficients * 3;
        if (bits == 0)
        {
            output.Means.AsSpan(3 * i0, 3 * Lanes).Clear();
            output.Scales.AsSpan(3 * i0, 3 * Lanes).Clear();
            output.Rotations.AsSpan(4 * i0, 4 * Lanes).Clear();
            output.Opacities.AsSpan(i0, Lanes).Clear();
            output.MeansNdc.AsSpan(2 * i0, 2 * Lanes).Clear();
            output.Shs.AsSpan(i0 * k3, k3 * Lanes).Clear();
            return;
        }

        var mx = Load(inputs.Means, 3 * i0, 3);
        var my = Load(inputs.Means, (3 * i0) + 1, 3);
        var mz = Load(inputs.Means, (3 * i0) + 2, 3);
        var vx = Affine(cam.V00, cam.V01, cam.V02, cam.V03, mx, my, mz);
        var vy = Affine(cam.V10, cam.V11, cam.V12, cam.V13, mx, my, mz);
        var vz = Affine(cam.V20, cam.V21, cam.V22, cam.V23, mx, my, mz);
        var hx = Affine(cam.P00, cam.P01, cam.P02, cam.P03, mx, my, mz);
        var hy = Affine(cam.P10, cam.P11, cam.P12, cam.P13, mx, my, mz);
        var hw = Affine(cam.P30, cam.P31, cam.P32, cam.P33, mx, my, mz);
        var one = V.One;
        var two = B(2f);
        var pw = one / (hw + B(1e-7f));

        // Pixel centre.
        var gNdcX = Load(d.MeanX, i0) * B(0.5f * cam.Width);
        var gNdcY = Load(d.MeanY, i0) * B(0.5f * cam.Height);
        Store(output.MeansNdc, 2 * i0, 2, Vector256.ConditionalSelect(visible, gNdcX, V.Zero));
        Store(output.MeansNdc, (2 * i0) + 1, 2, Vector256.ConditionalSelect(visible, gNdcY, V.Zero));
        var gHx = gNdcX * pw;
        var gHy = gNdcY * pw;
        var gHw = -((gNdcX * hx) + (gNdcY * hy)) * pw * pw;
        var gmx = (gHx * B(cam.P00)) + (gHy * B(cam.P10)) + (gHw * B(cam.P30));
        var gmy = (gHx * B(cam.P01)) + (gHy * B(cam.P11)) + (gHw * B(cam.P31));
        var gmz = (gHx * B(cam.P02)) + (gHy * B(cam.P12)) + (gHw * B(cam.P32));

        // Covariances.
        var qw = Load(inputs.Rotations, 4 * i0, 4);
        var qx = Load(inputs.Rotations, (4 * i0) + 1, 4);
        var qy = Load(inputs.Rotations, (4 * i0) + 2, 4);
        var qz = Load(inputs.Rotations, (4 * i0) + 3, 4);
        var mod = B(inputs.ScaleModifier);
        var sx = Load(inputs.Scales, 3 * i0, 3) * mod;
        var sy = Load(inputs.Scales, (3 * i0) + 1, 3) * mod;
        var sz = Load(inputs.Scales, (3 * i0) + 2, 3) * mod;
        Rotation(qw, qx, qy, qz, out var r00, out var r01, out var r02, out var r10, out var r11, out var r12, out var r20, out var r21, out var r22);
        var m00 = r00 * sx; var m01 = r01 * sy; var m02 = r02 * sz;
        var m10 = r10 * sx; var m11 = r11 * sy; var m12 = r12 * sz;
        var m20 = r20 * sx; var m21 = r21 * sy; var m22 = r22 * sz;
        var s00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        var s01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        var s02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        var s11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        var s12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        var s22 = (m20 * m20) + (m21 * m21) + (m22 * m22);
        Jacobian(in cam, vx, vy, vz, out var t0, out var t1, out var t2, out var u0, out var u1, out var u2, out var txc, out var tyc);
        var a0 = (s00 * t0) + (s01 * t1) + (s02 * t2);
        var a1 = (s01 * t0) + (s11 * t1) + (s12 * t2);
        var a2 = (s02 * t0) + (s12 * t1) + (s22 * t2);
        var b0 = (s00 * u0) + (s01 * u1) + (s02 * u2);
        var b1 = (s01 * u0) + (s11 * u1) + (s12 * u2);
        var b2 = (s02 * u0) + (s12 * u1) + (s22 * u2);
        var lowPass = B(GaussianProjection.LowPass);
        var a = (t0 * a0) + (t1 * a1) + (t2 * a2) + lowPass;
        var b = (u0 * a0) + (u1 * a1) + (u2 * a2);
        var c = (u0 * b0) + (u1 * b1) + (u2 * b2) + lowPass;
        var det = (a * c) - (b * b);

        // Conic → (a, b, c).
        var gA = Load(d.ConicA, i0);
        var gB = Load(d.ConicB, i0);
        var gC = Load(d.ConicC, i0);
        var det2Inv = one / (det * det);
        var ga = ((-c * c * gA) + (b * c * gB) - (b * b * gC)) * det2Inv;
        var gb = ((two * b * c * gA) - (((a * c) + (b * b)) * gB) + (two * a * b * gC)) * det2Inv;
        var gc = ((-b * b * gA) + (a * b * gB) - (a * a * gC)) * det2Inv;

        // T rows.
        var dt0 = (two * ga * a0) + (gb * b0);
        var dt1 = (two * ga * a1) + (gb * b1);
        var dt2 = (two * ga * a2) + (gb * b2);
        var du0 = (gb * a0) + (two * gc * b0);
        var du1 = (gb * a1) + (two * gc * b1);
        var du2 = (gb * a2) + (two * gc * b2);
        var gj00 = (dt0 * B(cam.V00)) + (dt1 * B(cam.V01)) + (dt2 * B(cam.V02));
        var gj02 = (dt0 * B(cam.V20)) + (dt1 * B(cam.V21)) + (dt2 * B(cam.V22));
        var gj11 = (du0 * B(cam.V10)) + (du1 * B(cam.V11)) + (du2 * B(cam.V12));
        var gj12 = (du0 * B(cam.V20)) + (du1 * B(cam.V21)) + (du2 * B(cam.V22));
        var iz = one / vz;
        var iz2 = iz * iz;
        var iz3 = iz2 * iz;
        var fx = B(cam.Fx);
        var fy = B(cam.Fy);
        var gtx = -fx * iz2 * gj02;
        var gty = -fy * iz2 * gj12;
        var gvz = (-fx * iz2 * gj00) + (two * fx * txc * iz3 * gj02) + (-fy * iz2 * gj11) + (two * fy * tyc * iz3 * gj12) + Load(d.Depth, i0);

        // 3DGS convention: a clamped t.x (±lim·t.z) is a constant, so it passes no gradient at all.
        var limX = B(cam.LimX);
        var limY = B(cam.LimY);
        var txtz = vx / vz; // the same quotient the forward clamps
        var tytz = vy / vz;
        var clampX = Vector256.LessThan(txtz, -limX) | Vector256.GreaterThan(txtz, limX);
        var clampY = Vector256.LessThan(tytz, -limY) | Vector256.GreaterThan(tytz, limY);
        var gvx = Vector256.ConditionalSelect(clampX, V.Zero, gtx);
        var gvy = Vector256.ConditionalSelect(clampY, V.Zero, gty);
        gmx += (B(cam.V00) * gvx) + (B(cam.V10) * gvy) + (B(cam.V20) * gvz);
        gmy += (B(cam.V01) * gvx) + (B(cam.V11) * gvy) + (B(cam.V21) * gvz);
        gmz += (B(cam.V02) * gvx) + (B(cam.V12) * gvy) + (B(cam.V22) * gvz);

        // ∂L/∂Σ = Tᵀ G T, then Σ = M Mᵀ.
        var halfGb = B(0.5f) * gb;
        var e00 = (ga * t0 * t0) + (gb * t0 * u0) + (gc * u0 * u0);
        var e11 = (ga * t1 * t1) + (gb * t1 * u1) + (gc * u1 * u1);
        var e22 = (ga * t2 * t2) + (gb * t2 * u2) + (gc * u2 * u2);
        var e01 = (ga * t0 * t1) + (halfGb * ((t0 * u1) + (t1 * u0))) + (gc * u0 * u1);
        var e02 = (ga * t0 * t2) + (halfGb * ((t0 * u2) + (t2 * u0))) + (gc * u0 * u2);
        var e12 = (ga * t1 * t2) + (halfGb * ((t1 * u2) + (t2 * u1))) + (gc * u1 * u2);
        var gm00 = two * ((e00 * m00) + (e01 * m10) + (e02 * m20));
        var gm01 = two * ((e00 * m01) + (e01 * m11) + (e02 * m21));
        var gm02 = two * ((e00 * m02) + (e01 * m12) + (e02 * m22));
        var gm10 = two * ((e01 * m00) + (e11 * m10) + (e12 * m20));
        var gm11 = two * ((e01 * m01) + (e11 * m11) + (e12 * m21));
        var gm12 = two * ((e01 * m02) + (e11 * m12) + (e12 * m22));
        var gm20 = two * ((e02 * m00) + (e12 * m10) + (e22 * m20));
        var gm21 = two * ((e02 * m01) + (e12 * m11) + (e22 * m21));
        var gm22 = two * ((e02 * m02) + (e12 * m12) + (e22 * m22));
        Store(output.Scales, 3 * i0, 3, Vector256.ConditionalSelect(visible, mod * ((gm00 * r00) + (gm10 * r10) + (gm20 * r20)), V.Zero));
        Store(output.Scales, (3 * i0) + 1, 3, Vector256.ConditionalSelect(visible, mod * ((gm01 * r01) + (gm11 * r11) + (gm21 * r21)), V.Zero));
        Store(output.Scales, (3 * i0) + 2, 3, Vector256.ConditionalSelect(visible, mod * ((gm02 * r02) + (gm12 * r12) + (gm22 * r22)), V.Zero));
        var g0 = gm00 * sx;
        var g1 = gm01 * sy;
        var g2 = gm02 * sz;
        var g3 = gm10 * sx;
        var g4 = gm11 * sy;
        var g5 = gm12 * sz;
        var g6 = gm20 * sx;
        var g7 = gm21 * sy;
        var g8 = gm22 * sz;
        var gqw = two * ((-qz * g1) + (qy * g2) + (qz * g3) - (qx * g5) - (qy * g6) + (qx * g7));
        var gqx = two * ((qy * g1) + (qz * g2) + (qy * g3) - (two * qx * g4) - (qw * g5) + (qz * g6) + (qw * g7) - (two * qx * g8));
        var gqy = two * ((-two * qy * g0) + (qx * g1) + (qw * g2) + (qx * g3) + (qz * g5) - (qw * g6) + (qz * g7) - (two * qy * g8));
        var gqz = two * ((-two * qz * g0) - (qw * g1) + (qx * g2) + (qw * g3) - (two * qz * g4) + (qy * g5) + (qx * g6) + (qy * g7));
        Store(output.Rotations, 4 * i0, 4, Vector256.ConditionalSelect(visible, gqw, V.Zero));
        Store(output.Rotations, (4 * i0) + 1, 4, Vector256.ConditionalSelect(visible, gqx, V.Zero));
        Store(output.Rotations, (4 * i0) + 2, 4, Vector256.ConditionalSelect(visible, gqy, V.Zero));
        Store(output.Rotations, (4 * i0) + 3, 4, Vector256.ConditionalSelect(visible, gqz, V.Zero));
        Store(output.Opacities, i0, Vector256.ConditionalSelect(visible, Load(d.Opacity, i0), V.Zero));
        ShSimd.Backward(inputs, i0, mx - B(cam.CenterX), my - B(cam.CenterY), mz - B(cam.CenterZ), visible, d.Colors, output.Shs, out var shX, out var shY, out var shZ);
        Store(output.Means, 3 * i0, 3, Vector256.ConditionalSelect(visible, gmx + shX, V.Zero));
        Store(output.Means, (3 * i0) + 1, 3, Vector256.ConditionalSelect(visible, gmy + shY, V.Zero));
        Store(output.Means, (3 * i0) + 2, 3, Vector256.ConditionalSelect(visible, gmz + shZ, V.Zero));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Covariance(ProjectionInputs inputs, int i0, out V s00, out V s01, out V s02, out V s11, out V s12, out V s22)
    {
        var qw = Load(inputs.Rotations, 4 * i0, 4);
        var qx = Load(inputs.Rotations, (4 * i0) + 1, 4);
        var qy = Load(inputs.Rotations, (4 * i0) + 2, 4);
        var qz = Load(inputs.Rotations, (4 * i0) + 3, 4);
        var mod = B(inputs.ScaleModifier);
        var sx = Load(inputs.Scales, 3 * i0, 3) * mod;
        var sy = Load(inputs.Scales, (3 * i0) + 1, 3) * mod;
        var sz = Load(inputs.Scales, (3 * i0) + 2, 3) * mod;
        Rotation(qw, qx, qy, qz, out var r00, out var r01, out var r02, out var r10, out var r11, out var r12, out var r20, out var r21, out var r22);
        var m00 = r00 * sx; var m01 = r01 * sy; var m02 = r02 * sz;
        var m10 = r10 * sx; var m11 = r11 * sy; var m12 = r12 * sz;
        var m20 = r20 * sx; var m21 = r21 * sy; var m22 = r22 * sz;
        s00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        s01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        s02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        s11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        s12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        s22 = (m20 * m20) + (m21 * m21) + (m22 * m22);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotation(V w, V x, V y, V z, out V r00, out V r01, out V r02, out V r10, out V r11, out V r12, out V r20, out V r21, out V r22)
    {
        var one = V.One;
        var two = B(2f);
        r00 = one - (two * ((y * y) + (z * z)));
        r01 = two * ((x * y) - (w * z));
        r02 = two * ((x * z) + (w * y));
        r10 = two * ((x * y) + (w * z));
        r11 = one - (two * ((x * x) + (z * z)));
        r12 = two * ((y * z) - (w * x));
        r20 = two * ((x * z) - (w * y));
        r21 = two * ((y * z) + (w * x));
        r22 = one - (two * ((x * x) + (y * y)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Jacobian(in ProjectionCamera cam, V vx, V vy, V vz, out V t0, out V t1, out V t2, out V u0, out V u1, out V u2, out V txc, out V tyc)
    {
        var limX = B(cam.LimX);
        var limY = B(cam.LimY);
        txc = Vector256.MinNative(limX, Vector256.MaxNative(-limX, vx / vz)) * vz;
        tyc = Vector256.MinNative(limY, Vector256.MaxNative(-limY, vy / vz)) * vz;
        var iz = V.One / vz;
        var fx = B(cam.Fx);
        var fy = B(cam.Fy);
        var j00 = fx * iz;
        var j02 = -fx * txc * iz * iz;
        var j11 = fy * iz;
        var j12 = -fy * tyc * iz * iz;
        t0 = (j00 * B(cam.V00)) + (j02 * B(cam.V20));
        t1 = (j00 * B(cam.V01)) + (j02 * B(cam.V21));
        t2 = (j00 * B(cam.V02)) + (j02 * B(cam.V22));
        u0 = (j11 * B(cam.V10)) + (j12 * B(cam.V20));
        u1 = (j11 * B(cam.V11)) + (j12 * B(cam.V21));
        u2 = (j11 * B(cam.V12)) + (j12 * B(cam.V22));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Affine(float c0, float c1, float c2, float c3, V x, V y, V z) => (B(c0) * x) + (B(c1) * y) + (B(c2) * z) + B(c3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V B(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load(float[] array, int start) => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)start);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Load(float[] array, int start, int stride)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start);
        return Vector256.Create(r, Unsafe.Add(ref r, stride), Unsafe.Add(ref r, 2 * stride), Unsafe.Add(ref r, 3 * stride),
            Unsafe.Add(ref r, 4 * stride), Unsafe.Add(ref r, 5 * stride), Unsafe.Add(ref r, 6 * stride), Unsafe.Add(ref r, 7 * stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float[] array, int start, V value) => value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)start);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float[] array, int start, int stride, V value)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start);
        r = value.GetElement(0);
        Unsafe.Add(ref r, stride) = value.GetElement(1);
        Unsafe.Add(ref r, 2 * stride) = value.GetElement(2);
        Unsafe.Add(ref r, 3 * stride) = value.GetElement(3);
        Unsafe.Add(ref r, 4 * stride) = value.GetElement(4);
        Unsafe.Add(ref r, 5 * stride) = value.GetElement(5);
        Unsafe.Add(ref r, 6 * stride) = value.GetElement(6);
        Unsafe.Add(ref r, 7 * stride) = value.GetElement(7);
    }
}
