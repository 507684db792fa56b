using Research.Splatting.Cameras;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// Slow float64 twin of Rasterization.GaussianProjection, written straight from the 3DGS formulas with explicit 3×3
/// matrices. The backward evaluates the same forward on <see cref="Dual"/> numbers once per input component of each
/// visible Gaussian (forward-mode AD: exact analytic derivatives, derived independently of the fast path's hand-written
/// reverse mode) and contracts them with the incoming gradient. Reusable as the projection half of an end-to-end
/// float64 reference renderer.
/// </summary>
public static class ReferenceProjection
{
    private static readonly double[] C2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396];
    private static readonly double[] C3 = [-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277, -0.5900435899266435];
    private const double C0 = 0.28209479177387814;
    private const double C1 = 0.4886025119029199;

    /// <summary>Projects every Gaussian.</summary>
    public static ReferenceProjected Forward(Camera camera, ReferenceProjectionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        var output = new ReferenceProjected(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var (radius, o) = ProjectOne(camera, inputs, i, -1, -1);
            output.Radii[i] = radius;
            if (radius == 0)
            {
                continue;
            }

            output.MeanX[i] = o[0].V;
            output.MeanY[i] = o[1].V;
            output.Depth[i] = o[2].V;
            output.ConicA[i] = o[3].V;
            output.ConicB[i] = o[4].V;
            output.ConicC[i] = o[5].V;
            output.Opacity[i] = o[6].V;
            for (var c = 0; c < 3; c++)
            {
                output.Colors[(3 * i) + c] = o[7 + c].V;
            }
        }

        return output;
    }

    /// <summary>∂L/∂inputs given ∂L/∂projected (culled Gaussians get zeros).</summary>
    public static ReferenceProjectionGradients Backward(Camera camera, ReferenceProjectionInputs inputs, ReferenceProjectedGradient d)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(d);
        var n = inputs.Count;
        var k3 = inputs.ShCoefficients * 3;
        var grads = new ReferenceProjectionGradients(n, inputs.ShCoefficients);
        int[] perGaussian = [3, 3, 4, 1, k3];
        for (var i = 0; i < n; i++)
        {
            if (ProjectOne(camera, inputs, i, -1, -1).Radius == 0)
            {
                continue;
            }

            grads.MeansNdc[2 * i] = d.MeanX[i] * 0.5 * camera.Width;
            grads.MeansNdc[(2 * i) + 1] = d.MeanY[i] * 0.5 * camera.Height;
            for (var group = 0; group < 5; group++)
            {
                for (var j = 0; j < perGaussian[group]; j++)
                {
                    var index = (i * perGaussian[group]) + j;
                    var o = ProjectOne(camera, inputs, i, group, index).Outputs;
                    var s = (o[0].T * d.MeanX[i]) + (o[1].T * d.MeanY[i]) + (o[2].T * d.Depth[i])
                        + (o[3].T * d.ConicA[i]) + (o[4].T * d.ConicB[i]) + (o[5].T * d.ConicC[i]) + (o[6].T * d.Opacity[i]);
                    for (var c = 0; c < 3; c++)
                    {
                        s += o[7 + c].T * d.Colors[(3 * i) + c];
                    }

                    grads.Group(group)[index] = s;
                }
            }
        }

        return grads;
    }

    /// <summary>
    /// One Gaussian on duals, the input component (<paramref name="seedGroup"/>, <paramref name="seedIndex"/>) seeded with
    /// tangent 1 (−1: none). Outputs: pixel x, y, depth, conic A, B, C, opacity, r, g, b; radius 0 when culled.
    /// </summary>
    public static (int Radius, Dual[] Outputs) ProjectOne(Camera camera, ReferenceProjectionInputs inputs, int i, int seedGroup, int seedIndex)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        Dual Get(int group, int index) => new(inputs.Group(group)[index], group == seedGroup && index == seedIndex ? 1 : 0);

        var outputs = new Dual[10];
        Dual[] m = [Get(0, 3 * i), Get(0, (3 * i) + 1), Get(0, (3 * i) + 2)];
        var view = camera.WorldToCamera;
        var full = camera.FullProjection;
        var t = Affine(view, m);
        if (t[2].V <= 0.2)
        {
            return (0, outputs);
        }

        var hom = new Dual[4];
        for (var r = 0; r < 4; r++)
        {
            hom[r] = (full[r, 0] * m[0]) + (full[r, 1] * m[1]) + (full[r, 2] * m[2]) + full[r, 3];
        }

        var pw = 1.0 / (hom[3] + 1e-7);
        var pixelX = ((((hom[0] * pw) + 1.0) * camera.Width) - 1.0) * 0.5;
        var pixelY = ((((hom[1] * pw) + 1.0) * camera.Height) - 1.0) * 0.5;

        // Σ = R S Sᵀ Rᵀ.
        var q = new[] { Get(2, 4 * i), Get(2, (4 * i) + 1), Get(2, (4 * i) + 2), Get(2, (4 * i) + 3) };
        var rot = RotationMatrix(q[0], q[1], q[2], q[3]);
        var scale = new Dual[3, 3];
        for (var a = 0; a < 3; a++)
        {
            scale[a, a] = Get(1, (3 * i) + a) * inputs.ScaleModifier;
        }

        var ms = Mul(rot, scale);
        var sigma = Mul(ms, Transpose(ms));

        // EWA: J at the clamped view point, W = view rotation.
        var tanX = Math.Tan(camera.FovX / 2);
        var tanY = Math.Tan(camera.FovY / 2);
        var limX = 1.3 * tanX;
        var limY = 1.3 * tanY;
        var tz = t[2];
        var tx = Dual.Min(limX, Dual.Max(-limX, t[0] / tz)) * tz;
        var ty = Dual.Min(limY, Dual.Max(-limY, t[1] / tz)) * tz;

        // 3DGS convention (x_grad_mul): a clamped coordinate is a constant (no derivative, not even through t.z).
        if (t[0].V / tz.V < -limX || t[0].V / tz.V > limX)
        {
            tx = new Dual(tx.V, 0);
        }

        if (t[1].V / tz.V < -limY || t[1].V / tz.V > limY)
        {
            ty = new Dual(ty.V, 0);
        }
        var fx = camera.Width / (2 * tanX);
        var fy = camera.Height / (2 * tanY);
        var j = new Dual[3, 3];
        j[0, 0] = fx / tz;
        j[0, 2] = -(fx * tx) / (tz * tz);
        j[1, 1] = fy / tz;
        j[1, 2] = -(fy * ty) / (tz * tz);
        var w = new Dual[3, 3];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                w[r, c] = view[r, c];
            }
        }

        var tm = Mul(j, w);
        var cov = Mul(Mul(tm, sigma), Transpose(tm));
        var ca = cov[0, 0] + 0.3;
        var cb = cov[0, 1];
        var cc = cov[1, 1] + 0.3;
        var det = (ca * cc) - (cb * cb);
        if (det.V == 0)
        {
            return (0, outputs);
        }

        var mid = 0.5 * (ca.V + cc.V);
        var l1 = mid + Math.Sqrt(Math.Max(0.1, (mid * mid) - det.V));
        var l2 = mid - Math.Sqrt(Math.Max(0.1, (mid * mid) - det.V));
        var radius = Math.Ceiling(3 * Math.Sqrt(Math.Max(l1, l2)));
        var gridX = (camera.Width + 15) / 16;
        var gridY = (camera.Height + 15) / 16;
        var minX = Math.Min(gridX, Math.Max(0, (int)((pixelX.V - radius) / 16)));
        var minY = Math.Min(gridY, Math.Max(0, (int)((pixelY.V - radius) / 16)));
        var maxX = Math.Min(gridX, Math.Max(0, (int)((pixelX.V + radius + 15) / 16)));
        var maxY = Math.Min(gridY, Math.Max(0, (int)((pixelY.V + radius + 15) / 16)));
        if ((maxX - minX) * (maxY - minY) == 0)
        {
            return (0, outputs);
        }

        outputs[0] = pixelX;
        outputs[1] = pixelY;
        outputs[2] = tz;
        outputs[3] = cc / det;
        outputs[4] = -cb / det;
        outputs[5] = ca / det;
        outputs[6] = Get(3, i);

        // Colour from SH along normalize(mean − camera centre).
        var centre = camera.Center;
        Dual[] dir = [m[0] - centre.X, m[1] - centre.Y, m[2] - centre.Z];
        var len = Dual.Sqrt((dir[0] * dir[0]) + (dir[1] * dir[1]) + (dir[2] * dir[2]));
        var basis = Basis(inputs.ShDegree, dir[0] / len, dir[1] / len, dir[2] / len);
        var k = inputs.ShCoefficients;
        for (var c = 0; c < 3; c++)
        {
            Dual sum = 0.5;
            for (var b = 0; b < basis.Length; b++)
            {
                sum += basis[b] * Get(4, (((i * k) + b) * 3) + c);
            }

            outputs[7 + c] = Dual.Max(sum, 0.0);
        }

        return ((int)radius, outputs);
    }

    private static Dual[] Basis(int degree, Dual x, Dual y, Dual z)
    {
        var b = new List<Dual> { C0 };
        if (degree >= 1)
        {
            b.Add(-C1 * y);
            b.Add(C1 * z);
            b.Add(-C1 * x);
        }

        if (degree >= 2)
        {
            Dual xx = x * x, yy = y * y, zz = z * z;
            b.Add(C2[0] * x * y);
            b.Add(C2[1] * y * z);
            b.Add(C2[2] * ((2.0 * zz) - xx - yy));
            b.Add(C2[3] * x * z);
            b.Add(C2[4] * (xx - yy));
            if (degree >= 3)
            {
                b.Add(C3[0] * y * ((3.0 * xx) - yy));
                b.Add(C3[1] * x * y * z);
                b.Add(C3[2] * y * ((4.0 * zz) - xx - yy));
                b.Add(C3[3] * z * ((2.0 * zz) - (3.0 * xx) - (3.0 * yy)));
                b.Add(C3[4] * x * ((4.0 * zz) - xx - yy));
                b.Add(C3[5] * z * (xx - yy));
                b.Add(C3[6] * x * (xx - (3.0 * yy)));
            }
        }

        return [.. b];
    }

    private static Dual[,] RotationMatrix(Dual w, Dual x, Dual y, Dual z) => new Dual[,]
    {
        { 1.0 - (2.0 * ((y * y) + (z * z))), 2.0 * ((x * y) - (w * z)), 2.0 * ((x * z) + (w * y)) },
        { 2.0 * ((x * y) + (w * z)), 1.0 - (2.0 * ((x * x) + (z * z))), 2.0 * ((y * z) - (w * x)) },
        { 2.0 * ((x * z) - (w * y)), 2.0 * ((y * z) + (w * x)), 1.0 - (2.0 * ((x * x) + (y * y))) },
    };

    private static Dual[] Affine(Matrix4d m, Dual[] p)
    {
        var r = new Dual[3];
        for (var row = 0; row < 3; row++)
        {
            r[row] = (m[row, 0] * p[0]) + (m[row, 1] * p[1]) + (m[row, 2] * p[2]) + m[row, 3];
        }

        return r;
    }

    private static Dual[,] Mul(Dual[,] a, Dual[,] b)
    {
        var r = new Dual[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Dual s = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    s += a[i, k] * b[k, j];
                }

                r[i, j] = s;
            }
        }

        return r;
    }

    private static Dual[,] Transpose(Dual[,] a)
    {
        var r = new Dual[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                r[i, j] = a[j, i];
            }
        }

        return r;
    }
}
