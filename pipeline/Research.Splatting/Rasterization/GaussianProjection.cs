using System.Runtime.CompilerServices;
using Research.Splatting.Cameras;
using Research.Tensors.Threading;

namespace Research.Splatting.Rasterization;

/// <summary>
/// The projection stage of the 3DGS rasterizer (preprocessCUDA / computeCov3D / computeCov2D / computeColorFromSH) in
/// float32, forward and hand-written backward, parallel over Gaussians with <see cref="ComputeThreads.For"/> (each
/// Gaussian is independent, so results do not depend on the thread count). See docs/splatting.md, "Projection and SH".
/// </summary>
public static class GaussianProjection
{
    /// <summary>3DGS BLOCK_X = BLOCK_Y: tile size in pixels.</summary>
    public const int TileSize = 16;

    /// <summary>Gaussians whose view-space depth is ≤ this are culled (3DGS in_frustum).</summary>
    public const float NearCull = 0.2f;

    /// <summary>Low-pass filter added to the diagonal of the 2D covariance (px²).</summary>
    public const float LowPass = 0.3f;

    private const int MinChunk = 512;

    /// <summary>Projects every Gaussian; overwrites all fields of <paramref name="output"/> (culled ones get zeros and radius 0).</summary>
    /// <param name="camera">The camera.</param>
    /// <param name="inputs">Gaussian parameters.</param>
    /// <param name="output">Receives the projected Gaussians; its count must equal the input count.</param>
    /// <exception cref="ArgumentException">Counts differ.</exception>
    public static void Forward(Camera camera, ProjectionInputs inputs, ProjectedGaussians output)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Count != inputs.Count)
        {
            throw new ArgumentException($"GaussianProjection.Forward: output holds {output.Count} Gaussians, inputs {inputs.Count}.", nameof(output));
        }

        var cam = new ProjectionCamera(camera);
        var blocks = inputs.Count / ProjectionSimd.Lanes;
        ComputeThreads.For(blocks, MinChunk / ProjectionSimd.Lanes, (_, start, end) =>
        {
            for (var block = start; block < end; block++)
            {
                ProjectionSimd.ForwardBlock(in cam, inputs, output, block * ProjectionSimd.Lanes);
            }
        });

        // The last partial block: always the same Gaussians, so the result does not depend on the thread count.
        for (var i = blocks * ProjectionSimd.Lanes; i < inputs.Count; i++)
        {
            ForwardOne(in cam, inputs, output, i);
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: overwrites every entry of <paramref name="output"/> with ∂L/∂inputs given
    /// ∂L/∂projected. Culled Gaussians (radius 0 in <paramref name="forward"/>) get zero gradients.
    /// </summary>
    /// <param name="camera">The camera used in the forward.</param>
    /// <param name="inputs">The inputs used in the forward.</param>
    /// <param name="forward">The forward output (only <see cref="ProjectedGaussians.Radii"/> is read).</param>
    /// <param name="dProjected">∂L/∂ every projected field.</param>
    /// <param name="output">Receives the input gradients.</param>
    /// <exception cref="ArgumentException">Counts or SH sizes differ.</exception>
    public static void Backward(Camera camera, ProjectionInputs inputs, ProjectedGaussians forward, ProjectedGaussiansGradient dProjected, ProjectionGradients output)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(dProjected);
        ArgumentNullException.ThrowIfNull(output);
        if (forward.Count != inputs.Count || dProjected.Count != inputs.Count || output.Count != inputs.Count)
        {
            throw new ArgumentException($"GaussianProjection.Backward: inputs hold {inputs.Count} Gaussians but forward {forward.Count}, dProjected {dProjected.Count}, output {output.Count}.", nameof(output));
        }

        if (output.ShCoefficients != inputs.ShCoefficients)
        {
            throw new ArgumentException($"GaussianProjection.Backward: output has {output.ShCoefficients} SH coefficients per Gaussian, inputs {inputs.ShCoefficients}.", nameof(output));
        }

        var cam = new ProjectionCamera(camera);
        var blocks = inputs.Count / ProjectionSimd.Lanes;
        ComputeThreads.For(blocks, MinChunk / ProjectionSimd.Lanes, (_, start, end) =>
        {
            for (var block = start; block < end; block++)
            {
                ProjectionSimd.BackwardBlock(in cam, inputs, forward, dProjected, output, block * ProjectionSimd.Lanes);
            }
        });

        for (var i = blocks * ProjectionSimd.Lanes; i < inputs.Count; i++)
        {
            BackwardOne(in cam, inputs, forward, dProjected, output, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ForwardOne(in ProjectionCamera cam, ProjectionInputs inputs, ProjectedGaussians output, int i)
    {
        var mx = inputs.Means[3 * i];
        var my = inputs.Means[(3 * i) + 1];
        var mz = inputs.Means[(3 * i) + 2];
        var vz = (cam.V20 * mx) + (cam.V21 * my) + (cam.V22 * mz) + cam.V23;
        if (vz <= NearCull)
        {
            Cull(output, i);
            return;
        }

        var vx = (cam.V00 * mx) + (cam.V01 * my) + (cam.V02 * mz) + cam.V03;
        var vy = (cam.V10 * mx) + (cam.V11 * my) + (cam.V12 * mz) + cam.V13;
        var hx = (cam.P00 * mx) + (cam.P01 * my) + (cam.P02 * mz) + cam.P03;
        var hy = (cam.P10 * mx) + (cam.P11 * my) + (cam.P12 * mz) + cam.P13;
        var hw = (cam.P30 * mx) + (cam.P31 * my) + (cam.P32 * mz) + cam.P33;
        var pw = 1f / (hw + 1e-7f);
        var px = (((hx * pw) + 1f) * cam.Width - 1f) * 0.5f;
        var py = (((hy * pw) + 1f) * cam.Height - 1f) * 0.5f;

        Covariance3D(inputs, i, out var s00, out var s01, out var s02, out var s11, out var s12, out var s22);
        Jacobian(in cam, vx, vy, vz, out var t0, out var t1, out var t2, out var u0, out var u1, out var u2, out _, out _);

        // cov2D = T Σ Tᵀ with T = J·W (rows t and u).
        var a0 = (s00 * t0) + (s01 * t1) + (s02 * t2);
        var a1 = (s01 * t0) + (s11 * t1) + (s12 * t2);
        var a2 = (s02 * t0) + (s12 * t1) + (s22 * t2);
        var a = (t0 * a0) + (t1 * a1) + (t2 * a2) + LowPass;
        var b = (u0 * a0) + (u1 * a1) + (u2 * a2);
        var c = (u0 * ((s00 * u0) + (s01 * u1) + (s02 * u2))) + (u1 * ((s01 * u0) + (s11 * u1) + (s12 * u2))) + (u2 * ((s02 * u0) + (s12 * u1) + (s22 * u2))) + LowPass;
        var det = (a * c) - (b * b);
        if (det == 0f)
        {
            Cull(output, i);
            return;
        }

        var mid = 0.5f * (a + c);
        var root = MathF.Sqrt(MathF.Max(0.1f, (mid * mid) - det));
        var radius = MathF.Ceiling(3f * MathF.Sqrt(MathF.Max(mid + root, mid - root)));
        if (TileRectEmpty(in cam, px, py, radius))
        {
            Cull(output, i);
            return;
        }

        var detInv = 1f / det;
        output.MeanX[i] = px;
        output.MeanY[i] = py;
        output.Depth[i] = vz;
        output.ConicA[i] = c * detInv;
        output.ConicB[i] = -b * detInv;
        output.ConicC[i] = a * detInv;
        output.Opacity[i] = inputs.Opacities[i];
        output.Radii[i] = (int)radius;
        var k3 = inputs.ShCoefficients * 3;
        SphericalHarmonics.Evaluate(inputs.ShDegree, inputs.Shs.AsSpan(i * k3, k3), mx - cam.CenterX, my - cam.CenterY, mz - cam.CenterZ, output.Colors.AsSpan(3 * i, 3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BackwardOne(in ProjectionCamera cam, ProjectionInputs inputs, ProjectedGaussians forward, ProjectedGaussiansGradient d, ProjectionGradients output, int i)
    {
        var k3 = inputs.ShCoefficients * 3;
        if (forward.Radii[i] == 0)
        {
            output.Means.AsSpan(3 * i, 3).Clear();
            output.Scales.AsSpan(3 * i, 3).Clear();
            output.Rotations.AsSpan(4 * i, 4).Clear();
            output.Opacities[i] = 0;
            output.MeansNdc.AsSpan(2 * i, 2).Clear();
            output.Shs.AsSpan(i * k3, k3).Clear();
            return;
        }

        var mx = inputs.Means[3 * i];
        var my = inputs.Means[(3 * i) + 1];
        var mz = inputs.Means[(3 * i) + 2];
        var vx = (cam.V00 * mx) + (cam.V01 * my) + (cam.V02 * mz) + cam.V03;
        var vy = (cam.V10 * mx) + (cam.V11 * my) + (cam.V12 * mz) + cam.V13;
        var vz = (cam.V20 * mx) + (cam.V21 * my) + (cam.V22 * mz) + cam.V23;
        var hx = (cam.P00 * mx) + (cam.P01 * my) + (cam.P02 * mz) + cam.P03;
        var hy = (cam.P10 * mx) + (cam.P11 * my) + (cam.P12 * mz) + cam.P13;
        var hw = (cam.P30 * mx) + (cam.P31 * my) + (cam.P32 * mz) + cam.P33;
        var pw = 1f / (hw + 1e-7f);

        // Pixel centre: pixel = ((h/w' + 1)·S − 1)/2, w' = hw + 1e-7.
        var gNdcX = d.MeanX[i] * 0.5f * cam.Width;
        var gNdcY = d.MeanY[i] * 0.5f * cam.Height;
        output.MeansNdc[2 * i] = gNdcX;
        output.MeansNdc[(2 * i) + 1] = gNdcY;
        var gHx = gNdcX * pw;
        var gHy = gNdcY * pw;
        var gHw = -((gNdcX * hx) + (gNdcY * hy)) * pw * pw;
        var gmx = (gHx * cam.P00) + (gHy * cam.P10) + (gHw * cam.P30);
        var gmy = (gHx * cam.P01) + (gHy * cam.P11) + (gHw * cam.P31);
        var gmz = (gHx * cam.P02) + (gHy * cam.P12) + (gHw * cam.P32);

        // Forward recomputation of the covariances.
        var q = inputs.Rotations.AsSpan(4 * i, 4);
        float qw = q[0], qx = q[1], qy = q[2], qz = q[3];
        var mod = inputs.ScaleModifier;
        var sx = inputs.Scales[3 * i] * mod;
        var sy = inputs.Scales[(3 * i) + 1] * mod;
        var sz = inputs.Scales[(3 * i) + 2] * mod;
        Rotation(qw, qx, qy, qz, out var r00, out var r01, out var r02, out var r10, out var r11, out var r12, out var r20, out var r21, out var r22);
        float m00 = r00 * sx, m01 = r01 * sy, m02 = r02 * sz;
        float m10 = r10 * sx, m11 = r11 * sy, m12 = r12 * sz;
        float m20 = r20 * sx, m21 = r21 * sy, m22 = r22 * sz;
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
        var a = (t0 * a0) + (t1 * a1) + (t2 * a2) + LowPass;
        var b = (u0 * a0) + (u1 * a1) + (u2 * a2);
        var c = (u0 * b0) + (u1 * b1) + (u2 * b2) + LowPass;
        var det = (a * c) - (b * b);

        // Conic (c, −b, a)/det → (a, b, c).
        var gA = d.ConicA[i];
        var gB = d.ConicB[i];
        var gC = d.ConicC[i];
        var det2Inv = 1f / (det * det);
        var ga = ((-c * c * gA) + (b * c * gB) - (b * b * gC)) * det2Inv;
        var gb = ((2 * b * c * gA) - (((a * c) + (b * b)) * gB) + (2 * a * b * gC)) * det2Inv;
        var gc = ((-b * b * gA) + (a * b * gB) - (a * a * gC)) * det2Inv;

        // cov2D = T Σ Tᵀ: ∂L/∂T = 2·G·T·Σ with G = [[ga, gb/2], [gb/2, gc]]; rows t, u of T (TΣ rows are a·, b·).
        var dt0 = (2 * ga * a0) + (gb * b0);
        var dt1 = (2 * ga * a1) + (gb * b1);
        var dt2 = (2 * ga * a2) + (gb * b2);
        var du0 = (gb * a0) + (2 * gc * b0);
        var du1 = (gb * a1) + (2 * gc * b1);
        var du2 = (gb * a2) + (2 * gc * b2);

        // T = J·W: ∂L/∂J = ∂L/∂T·Wᵀ (only the four non-zero entries of J).
        var gj00 = (dt0 * cam.V00) + (dt1 * cam.V01) + (dt2 * cam.V02);
        var gj02 = (dt0 * cam.V20) + (dt1 * cam.V21) + (dt2 * cam.V22);
        var gj11 = (du0 * cam.V10) + (du1 * cam.V11) + (du2 * cam.V12);
        var gj12 = (du0 * cam.V20) + (du1 * cam.V21) + (du2 * cam.V22);
        var iz = 1f / vz;
        var iz2 = iz * iz;
        var iz3 = iz2 * iz;
        var gtx = -cam.Fx * iz2 * gj02;
        var gty = -cam.Fy * iz2 * gj12;
        var gvz = (-cam.Fx * iz2 * gj00) + (2 * cam.Fx * txc * iz3 * gj02) + (-cam.Fy * iz2 * gj11) + (2 * cam.Fy * tyc * iz3 * gj12) + d.Depth[i];
        float gvx = 0, gvy = 0;

        // 3DGS convention (x_grad_mul / y_grad_mul): a clamped t.x (±lim·t.z) is treated as a constant: no gradient
        // to t.x and none through its ±lim·t.z dependence (the exact derivative would add ±lim·∂L/∂t.x to t.z).
        var txtz = vx / vz; // the same quotient the forward clamps
        if (!(txtz < -cam.LimX || txtz > cam.LimX))
        {
            gvx = gtx;
        }

        var tytz = vy / vz;
        if (!(tytz < -cam.LimY || tytz > cam.LimY))
        {
            gvy = gty;
        }

        gmx += (cam.V00 * gvx) + (cam.V10 * gvy) + (cam.V20 * gvz);
        gmy += (cam.V01 * gvx) + (cam.V11 * gvy) + (cam.V21 * gvz);
        gmz += (cam.V02 * gvx) + (cam.V12 * gvy) + (cam.V22 * gvz);

        // ∂L/∂Σ = Tᵀ G T (symmetric; off-diagonal entries counted once per position).
        var e00 = (ga * t0 * t0) + (gb * t0 * u0) + (gc * u0 * u0);
        var e11 = (ga * t1 * t1) + (gb * t1 * u1) + (gc * u1 * u1);
        var e22 = (ga * t2 * t2) + (gb * t2 * u2) + (gc * u2 * u2);
        var e01 = (ga * t0 * t1) + (0.5f * gb * ((t0 * u1) + (t1 * u0))) + (gc * u0 * u1);
        var e02 = (ga * t0 * t2) + (0.5f * gb * ((t0 * u2) + (t2 * u0))) + (gc * u0 * u2);
        var e12 = (ga * t1 * t2) + (0.5f * gb * ((t1 * u2) + (t2 * u1))) + (gc * u1 * u2);

        // Σ = M Mᵀ: ∂L/∂M = 2·E·M.
        var gm00 = 2 * ((e00 * m00) + (e01 * m10) + (e02 * m20));
        var gm01 = 2 * ((e00 * m01) + (e01 * m11) + (e02 * m21));
        var gm02 = 2 * ((e00 * m02) + (e01 * m12) + (e02 * m22));
        var gm10 = 2 * ((e01 * m00) + (e11 * m10) + (e12 * m20));
        var gm11 = 2 * ((e01 * m01) + (e11 * m11) + (e12 * m21));
        var gm12 = 2 * ((e01 * m02) + (e11 * m12) + (e12 * m22));
        var gm20 = 2 * ((e02 * m00) + (e12 * m10) + (e22 * m20));
        var gm21 = 2 * ((e02 * m01) + (e12 * m11) + (e22 * m21));
        var gm22 = 2 * ((e02 * m02) + (e12 * m12) + (e22 * m22));

        // M = R·diag(s·mod).
        output.Scales[3 * i] = mod * ((gm00 * r00) + (gm10 * r10) + (gm20 * r20));
        output.Scales[(3 * i) + 1] = mod * ((gm01 * r01) + (gm11 * r11) + (gm21 * r21));
        output.Scales[(3 * i) + 2] = mod * ((gm02 * r02) + (gm12 * r12) + (gm22 * r22));
        var g0 = gm00 * sx;
        var g1 = gm01 * sy;
        var g2 = gm02 * sz;
        var g3 = gm10 * sx;
        var g4 = gm11 * sy;
        var g5 = gm12 * sz;
        var g6 = gm20 * sx;
        var g7 = gm21 * sy;
        var g8 = gm22 * sz;
        output.Rotations[4 * i] = 2 * ((-qz * g1) + (qy * g2) + (qz * g3) - (qx * g5) - (qy * g6) + (qx * g7));
        output.Rotations[(4 * i) + 1] = 2 * ((qy * g1) + (qz * g2) + (qy * g3) - (2 * qx * g4) - (qw * g5) + (qz * g6) + (qw * g7) - (2 * qx * g8));
        output.Rotations[(4 * i) + 2] = 2 * ((-2 * qy * g0) + (qx * g1) + (qw * g2) + (qx * g3) + (qz * g5) - (qw * g6) + (qz * g7) - (2 * qy * g8));
        output.Rotations[(4 * i) + 3] = 2 * ((-2 * qz * g0) - (qw * g1) + (qx * g2) + (qw * g3) - (2 * qz * g4) + (qy * g5) + (qx * g6) + (qy * g7));

        output.Opacities[i] = d.Opacity[i];

        Span<float> dDir = stackalloc float[3];
        SphericalHarmonics.Backward(inputs.ShDegree, inputs.Shs.AsSpan(i * k3, k3), mx - cam.CenterX, my - cam.CenterY, mz - cam.CenterZ, d.Colors.AsSpan(3 * i, 3), output.Shs.AsSpan(i * k3, k3), dDir);
        output.Means[3 * i] = gmx + dDir[0];
        output.Means[(3 * i) + 1] = gmy + dDir[1];
        output.Means[(3 * i) + 2] = gmz + dDir[2];
    }

    internal static void Cull(ProjectedGaussians output, int i)
    {
        output.MeanX[i] = 0;
        output.MeanY[i] = 0;
        output.Depth[i] = 0;
        output.ConicA[i] = 0;
        output.ConicB[i] = 0;
        output.ConicC[i] = 0;
        output.Opacity[i] = 0;
        output.Colors[3 * i] = 0;
        output.Colors[(3 * i) + 1] = 0;
        output.Colors[(3 * i) + 2] = 0;
        output.Radii[i] = 0;
    }

    /// <summary>3DGS getRect on 16×16 tiles: true when the clamped tile rectangle has zero area.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TileRectEmpty(in ProjectionCamera cam, float px, float py, float radius)
    {
        // The CUDA (int) cast truncates toward zero; done in float (same result, and the same as the SIMD path).
        var minX = MathF.Min(cam.GridX, MathF.Max(0f, MathF.Truncate((px - radius) / TileSize)));
        var minY = MathF.Min(cam.GridY, MathF.Max(0f, MathF.Truncate((py - radius) / TileSize)));
        var maxX = MathF.Min(cam.GridX, MathF.Max(0f, MathF.Truncate((px + radius + TileSize - 1) / TileSize)));
        var maxY = MathF.Min(cam.GridY, MathF.Max(0f, MathF.Truncate((py + radius + TileSize - 1) / TileSize)));
        return (maxX - minX) * (maxY - minY) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Covariance3D(ProjectionInputs inputs, int i, out float s00, out float s01, out float s02, out float s11, out float s12, out float s22)
    {
        var q = inputs.Rotations.AsSpan(4 * i, 4);
        var mod = inputs.ScaleModifier;
        var sx = inputs.Scales[3 * i] * mod;
        var sy = inputs.Scales[(3 * i) + 1] * mod;
        var sz = inputs.Scales[(3 * i) + 2] * mod;
        Rotation(q[0], q[1], q[2], q[3], out var r00, out var r01, out var r02, out var r10, out var r11, out var r12, out var r20, out var r21, out var r22);
        float m00 = r00 * sx, m01 = r01 * sy, m02 = r02 * sz;
        float m10 = r10 * sx, m11 = r11 * sy, m12 = r12 * sz;
        float m20 = r20 * sx, m21 = r21 * sy, m22 = r22 * sz;
        s00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        s01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        s02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        s11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        s12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        s22 = (m20 * m20) + (m21 * m21) + (m22 * m22);
    }

    /// <summary>Rotation matrix of the quaternion (w, x, y, z) as given (no normalisation; 3DGS computeCov3D).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotation(float w, float x, float y, float z, out float r00, out float r01, out float r02, out float r10, out float r11, out float r12, out float r20, out float r21, out float r22)
    {
        r00 = 1 - (2 * ((y * y) + (z * z)));
        r01 = 2 * ((x * y) - (w * z));
        r02 = 2 * ((x * z) + (w * y));
        r10 = 2 * ((x * y) + (w * z));
        r11 = 1 - (2 * ((x * x) + (z * z)));
        r12 = 2 * ((y * z) - (w * x));
        r20 = 2 * ((x * z) - (w * y));
        r21 = 2 * ((y * z) + (w * x));
        r22 = 1 - (2 * ((x * x) + (y * y)));
    }

    /// <summary>Rows (t, u) of T = J·W for the EWA Jacobian at the clamped view point; also returns the clamped t.x, t.y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Jacobian(in ProjectionCamera cam, float vx, float vy, float vz, out float t0, out float t1, out float t2, out float u0, out float u1, out float u2, out float txc, out float tyc)
    {
        txc = Math.Min(cam.LimX, Math.Max(-cam.LimX, vx / vz)) * vz;
        tyc = Math.Min(cam.LimY, Math.Max(-cam.LimY, vy / vz)) * vz;
        var iz = 1f / vz;
        var j00 = cam.Fx * iz;
        var j02 = -cam.Fx * txc * iz * iz;
        var j11 = cam.Fy * iz;
        var j12 = -cam.Fy * tyc * iz * iz;
        t0 = (j00 * cam.V00) + (j02 * cam.V20);
        t1 = (j00 * cam.V01) + (j02 * cam.V21);
        t2 = (j00 * cam.V02) + (j02 * cam.V22);
        u0 = (j11 * cam.V10) + (j12 * cam.V20);
        u1 = (j11 * cam.V11) + (j12 * cam.V21);
        u2 = (j11 * cam.V12) + (j12 * cam.V22);
    }
}
