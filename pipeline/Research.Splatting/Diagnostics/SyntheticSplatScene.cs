using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Splatting.Ply;
using Research.Splatting.Rasterization;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Splatting.Diagnostics;

/// <summary>
/// The random scene the splatting benchmarks render: a W×W camera with focal W at the origin (OpenGL identity pose,
/// looking down −z), and Gaussians with means uniform in a ball of radius 1.2 centred 3 units in front of it (it
/// covers about half of the frame, like a head), per-axis scales U[0.004, 0.02], uniformly random rotations,
/// opacities U[0.1, 0.9], SH degree 3 with DC ~ N(0, 0.5²) and higher bands ~ N(0, 0.2²).
/// </summary>
public static class SyntheticSplatScene
{
    /// <summary>Radius of the ball holding the means.</summary>
    public const double BallRadius = 1.2;

    /// <summary>Distance of the ball's centre in front of the camera.</summary>
    public const double BallDistance = 3.0;

    /// <summary>The benchmark camera for a <paramref name="size"/>×<paramref name="size"/> image.</summary>
    public static Camera Camera(int size) => Cameras.Camera.FromFocal(size, size, size, Matrix4d.Identity);

    /// <summary>
    /// Activated inputs of <paramref name="count"/> Gaussians (as <see cref="Create"/>) as leaf tensors that require
    /// gradients, for timing the rasterizer alone.
    /// </summary>
    public static GaussianRenderInputs CreateInputs(int count, Rng rng)
    {
        var model = GaussianModel.FromPlyData(Create(count, rng));
        GaussianRenderInputs inputs;
        using (new NoGrad())
        {
            inputs = new GaussianRenderInputs(model.Means.Detach(), model.GetFeatures(), model.GetOpacity(), model.GetScaling(), model.GetRotation(), model.ActiveShDegree);
        }

        foreach (var t in inputs.Tensors)
        {
            t.RequiresGrad = true;
        }

        return inputs;
    }

    /// <summary>
    /// Activated projection-stage inputs of <paramref name="count"/> Gaussians (as <see cref="Create"/>: exp scales,
    /// sigmoid opacities, normalised rotations, SH degree 3), for timing the projection stage alone.
    /// </summary>
    public static ProjectionInputs CreateProjectionInputs(int count, Rng rng)
    {
        var data = Create(count, rng);
        const int k = 16;
        var shs = new float[count * k * 3];
        for (var i = 0; i < count; i++)
        {
            data.FeaturesDc.AsSpan(i * 3, 3).CopyTo(shs.AsSpan(i * k * 3));
            data.FeaturesRest.AsSpan(i * (k - 1) * 3, (k - 1) * 3).CopyTo(shs.AsSpan((i * k * 3) + 3));
        }

        return new ProjectionInputs(
            [.. data.Means],
            [.. data.Scales.Select(s => (float)Math.Exp(s))],
            data.Rotations,
            [.. data.Opacities.Select(o => (float)(1 / (1 + Math.Exp(-o))))],
            shs,
            3);
    }

    /// <summary>Raw (pre-activation, exp scales) parameters of <paramref name="count"/> Gaussians, SH degree 3.</summary>
    public static GaussianPlyData Create(int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(rng);
        const int degree = 3;
        const int rest = ((degree + 1) * (degree + 1)) - 1;
        var means = new float[count * 3];
        var dc = new float[count * 3];
        var higher = new float[count * rest * 3];
        var opacities = new float[count];
        var scales = new float[count * 3];
        var rotations = new float[count * 4];
        for (var i = 0; i < count; i++)
        {
            double x, y, z;
            do
            {
                (x, y, z) = (rng.NextUniform(-1, 1), rng.NextUniform(-1, 1), rng.NextUniform(-1, 1));
            }
            while ((x * x) + (y * y) + (z * z) > 1);

            means[(i * 3) + 0] = (float)(x * BallRadius);
            means[(i * 3) + 1] = (float)(y * BallRadius);
            means[(i * 3) + 2] = (float)((z * BallRadius) - BallDistance);
            for (var a = 0; a < 3; a++)
            {
                scales[(i * 3) + a] = (float)Math.Log(rng.NextUniform(0.004, 0.02));
                dc[(i * 3) + a] = (float)(0.5 * rng.NextNormal());
            }

            // A normalised 4-D Gaussian vector is a uniformly random rotation.
            double w = rng.NextNormal(), qx = rng.NextNormal(), qy = rng.NextNormal(), qz = rng.NextNormal();
            var norm = Math.Sqrt((w * w) + (qx * qx) + (qy * qy) + (qz * qz));
            rotations[(i * 4) + 0] = (float)(w / norm);
            rotations[(i * 4) + 1] = (float)(qx / norm);
            rotations[(i * 4) + 2] = (float)(qy / norm);
            rotations[(i * 4) + 3] = (float)(qz / norm);
            opacities[i] = (float)GaussianMath.InverseSigmoid(rng.NextUniform(0.1, 0.9));
            for (var j = 0; j < rest * 3; j++)
            {
                higher[(i * rest * 3) + j] = (float)(0.2 * rng.NextNormal());
            }
        }

        return new GaussianPlyData(count, degree, means, dc, higher, opacities, scales, rotations);
    }
}
