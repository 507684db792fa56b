using Research.Splatting.Cameras;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>Random cameras and Gaussians for the projection tests (values rounded to float so both paths see the same inputs).</summary>
internal static class ProjectionScenes
{
    /// <summary>A small non-square camera with a rotated, translated pose.</summary>
    public static Camera RotatedCamera(int width = 72, int height = 56, double focal = 64)
    {
        double ay = 0.3, ax = -0.2;
        double cy = Math.Cos(ay), sy = Math.Sin(ay), cx = Math.Cos(ax), sx = Math.Sin(ax);

        // R = Ry·Rx, translation (0.2, −0.1, 0.5).
        double[] r = [cy, sy * sx, sy * cx, 0, cx, -sx, -sy, cy * sx, cy * cx];
        return Camera.FromFocal(width, height, focal, new Matrix4d([r[0], r[1], r[2], 0.2, r[3], r[4], r[5], -0.1, r[6], r[7], r[8], 0.5, 0, 0, 0, 1]));
    }

    /// <summary>World point at view-space (x, y, z) (COLMAP axes).</summary>
    public static (double X, double Y, double Z) FromView(Camera camera, double x, double y, double z)
    {
        var p = camera.CameraToWorld.Transform(x, y, z);
        return (p.X, p.Y, p.Z);
    }

    /// <summary>
    /// N random Gaussians inside the frustum (view depth 1..4, |x/z|, |y/z| ≤ 0.9·tan(fov/2)), scales 0.01..0.15, unit
    /// quaternions, opacity 0.1..0.9, SH with positive-leaning DC so colours stay away from the clamp.
    /// </summary>
    public static ReferenceProjectionInputs Random(Camera camera, int n, int degree, ulong seed, int? coefficients = null)
    {
        var rng = new Rng(seed);
        var k = coefficients ?? (degree + 1) * (degree + 1);
        var means = new double[n * 3];
        var scales = new double[n * 3];
        var rotations = new double[n * 4];
        var opacities = new double[n];
        var shs = new double[n * k * 3];
        var tanX = camera.Width / (2 * camera.Fx);
        var tanY = camera.Height / (2 * camera.Fy);
        for (var i = 0; i < n; i++)
        {
            var z = rng.NextUniform(1, 4);
            var p = FromView(camera, rng.NextUniform(-0.9, 0.9) * tanX * z, rng.NextUniform(-0.9, 0.9) * tanY * z, z);
            means[3 * i] = p.X;
            means[(3 * i) + 1] = p.Y;
            means[(3 * i) + 2] = p.Z;
            for (var a = 0; a < 3; a++)
            {
                scales[(3 * i) + a] = rng.NextUniform(0.01, 0.15);
            }

            SetQuaternion(rotations, i, rng);
            opacities[i] = rng.NextUniform(0.1, 0.9);
            for (var c = 0; c < 3; c++)
            {
                shs[(i * k * 3) + c] = 0.8 + (0.3 * rng.NextNormal());
            }

            for (var j = 3; j < k * 3; j++)
            {
                shs[(i * k * 3) + j] = 0.1 * rng.NextNormal();
            }
        }

        return RoundToFloat(new ReferenceProjectionInputs(means, scales, rotations, opacities, shs, degree));
    }

    /// <summary>A random unit quaternion for Gaussian <paramref name="i"/>.</summary>
    public static void SetQuaternion(double[] rotations, int i, Rng rng)
    {
        double w = rng.NextNormal(), x = rng.NextNormal(), y = rng.NextNormal(), z = rng.NextNormal();
        var norm = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        rotations[4 * i] = w / norm;
        rotations[(4 * i) + 1] = x / norm;
        rotations[(4 * i) + 2] = y / norm;
        rotations[(4 * i) + 3] = z / norm;
    }

    /// <summary>Random incoming gradient (used as the weights of a linear loss).</summary>
    public static ReferenceProjectedGradient RandomGradient(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var g = new ReferenceProjectedGradient(n);
        foreach (var field in g.Fields())
        {
            for (var j = 0; j < field.Length; j++)
            {
                field[j] = (double)(float)rng.NextUniform(-1, 1);
            }
        }

        return g;
    }

    /// <summary>Rounds every value to float precision.</summary>
    public static ReferenceProjectionInputs RoundToFloat(ReferenceProjectionInputs inputs)
    {
        var copy = inputs.DeepCopy();
        for (var group = 0; group < 5; group++)
        {
            var a = copy.Group(group);
            for (var j = 0; j < a.Length; j++)
            {
                a[j] = (float)a[j];
            }
        }

        return copy;
    }
}
