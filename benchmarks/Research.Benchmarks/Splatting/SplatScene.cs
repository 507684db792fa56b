using Research.Splatting.Cameras;
using Research.Splatting.Rasterization;
using Research.Tensors.Randomness;

namespace Research.Benchmarks.Splatting;

/// <summary>
/// The shared synthetic splatting scene of the benchmarks: a 512×512 camera (focal 512) at the origin with the identity
/// OpenGL pose (looking down −z), and Gaussians uniform in a ball of radius 1.2 centred 3 units in front of it.
/// </summary>
public static class SplatScene
{
    /// <summary>Image width and height.</summary>
    public const int Size = 512;

    /// <summary>Focal length in pixels.</summary>
    public const double Focal = 512;

    /// <summary>The camera: W = H = 512, focal 512, OpenGL camera-to-world identity.</summary>
    public static Camera Camera() => Research.Splatting.Cameras.Camera.FromFocal(Size, Size, Focal, Matrix4d.Identity);

    /// <summary>
    /// <paramref name="count"/> Gaussians: means uniform in the ball |p − (0, 0, −3)| ≤ 1.2, per-axis scales U[0.004, 0.02],
    /// random unit quaternions, opacity U[0.1, 0.9], SH of <paramref name="shDegree"/> with DC ~ N(0, 0.5²) and the rest
    /// ~ N(0, 0.2²). Drawn from <see cref="Rng"/>(<paramref name="seed"/>) Gaussian by Gaussian.
    /// </summary>
    public static ProjectionInputs Gaussians(int count, int shDegree = 3, ulong seed = 1)
    {
        var rng = new Rng(seed);
        var k = (shDegree + 1) * (shDegree + 1);
        var means = new float[count * 3];
        var scales = new float[count * 3];
        var rotations = new float[count * 4];
        var opacities = new float[count];
        var shs = new float[count * k * 3];
        for (var i = 0; i < count; i++)
        {
            double x, y, z;
            do
            {
                x = rng.NextUniform(-1, 1);
                y = rng.NextUniform(-1, 1);
                z = rng.NextUniform(-1, 1);
            }
            while ((x * x) + (y * y) + (z * z) > 1);

            means[3 * i] = (float)(1.2 * x);
            means[(3 * i) + 1] = (float)(1.2 * y);
            means[(3 * i) + 2] = (float)((1.2 * z) - 3);
            for (var a = 0; a < 3; a++)
            {
                scales[(3 * i) + a] = (float)rng.NextUniform(0.004, 0.02);
            }

            double qw = rng.NextNormal(), qx = rng.NextNormal(), qy = rng.NextNormal(), qz = rng.NextNormal();
            var norm = Math.Sqrt((qw * qw) + (qx * qx) + (qy * qy) + (qz * qz));
            rotations[4 * i] = (float)(qw / norm);
            rotations[(4 * i) + 1] = (float)(qx / norm);
            rotations[(4 * i) + 2] = (float)(qy / norm);
            rotations[(4 * i) + 3] = (float)(qz / norm);
            opacities[i] = (float)rng.NextUniform(0.1, 0.9);
            for (var j = 0; j < k * 3; j++)
            {
                shs[(i * k * 3) + j] = (float)((j < 3 ? 0.5 : 0.2) * rng.NextNormal());
            }
        }

        return new ProjectionInputs(means, scales, rotations, opacities, shs, shDegree);
    }
}
