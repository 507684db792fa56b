namespace Research.Datasets.Synthetic.Camera;

/// <summary>
/// A rotation and translation mapping head space to camera space, <c>X_cam = R·X + t</c> (tracking units).
/// </summary>
public sealed class RigidTransform
{
    private readonly double[] r;
    private readonly double[] t;

    /// <summary>Creates a transform from a row-major 3×3 rotation and a translation.</summary>
    public RigidTransform(ReadOnlySpan<double> rotationRowMajor, ReadOnlySpan<double> translation)
    {
        if (rotationRowMajor.Length != 9 || translation.Length != 3)
        {
            throw new ArgumentException($"A rigid transform needs 9 rotation and 3 translation values, got {rotationRowMajor.Length} and {translation.Length}.");
        }

        r = rotationRowMajor.ToArray();
        t = translation.ToArray();
    }

    /// <summary>The rotation, row-major.</summary>
    public ReadOnlySpan<double> Rotation => r;

    /// <summary>The translation.</summary>
    public ReadOnlySpan<double> Translation => t;

    /// <summary>Rotation element (row, column).</summary>
    public double R(int row, int column) => r[(row * 3) + column];

    /// <summary>Maps a head-space point to camera space.</summary>
    public (double X, double Y, double Z) Apply(double x, double y, double z) =>
        ((r[0] * x) + (r[1] * y) + (r[2] * z) + t[0], (r[3] * x) + (r[4] * y) + (r[5] * z) + t[1], (r[6] * x) + (r[7] * y) + (r[8] * z) + t[2]);

    /// <summary>
    /// The ER-NeRF <c>transform_matrix</c>: camera-to-world <c>[[Rᵀ, −Rᵀ·(t·s)], [0, 0, 0, 1]]</c> with world = head
    /// space × <paramref name="worldScale"/> (ER-NeRF divides tracking translations by 10, so s = 0.1). Row-major 4×4.
    /// </summary>
    public double[] CameraToWorld(double worldScale)
    {
        var m = new double[16];
        for (var i = 0; i < 3; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < 3; j++)
            {
                m[(i * 4) + j] = r[(j * 3) + i];
                sum += r[(j * 3) + i] * t[j] * worldScale;
            }

            m[(i * 4) + 3] = -sum;
        }

        m[15] = 1;
        return m;
    }
}
