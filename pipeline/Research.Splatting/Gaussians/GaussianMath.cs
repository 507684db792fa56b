namespace Research.Splatting.Gaussians;

/// <summary>Scalar helpers shared by the Gaussian model and the rasterizer: activations, inverses, rotation and covariance.</summary>
public static class GaussianMath
{
    /// <summary>The degree-0 SH basis constant 1/(2√π); colour = C0·dc + 0.5.</summary>
    public const double ShC0 = 0.28209479177387814;

    /// <summary>log(p / (1 − p)), the inverse of sigmoid.</summary>
    public static double InverseSigmoid(double p) => Math.Log(p / (1 - p));

    /// <summary>softplus(x) = log(1 + eˣ), computed stably.</summary>
    public static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));

    /// <summary>x + log(−expm1(−x)), the inverse of softplus for x &gt; 0.</summary>
    public static double InverseSoftplus(double x) => x > 20 ? x : x + Math.Log(-ExpM1(-x));

    /// <summary>Applies the scale activation to a raw value.</summary>
    public static double ActivateScale(ScaleActivation activation, double raw) =>
        activation == ScaleActivation.Exp ? Math.Exp(raw) : Softplus(raw);

    /// <summary>Inverts the scale activation (a world-space scale to its raw value).</summary>
    public static double InverseScale(ScaleActivation activation, double scale) =>
        activation == ScaleActivation.Exp ? Math.Log(scale) : InverseSoftplus(scale);

    /// <summary>RGB in [0,1] to the SH DC coefficient, (rgb − 0.5) / C0.</summary>
    public static double RgbToSh(double rgb) => (rgb - 0.5) / ShC0;

    /// <summary>SH DC coefficient to RGB, dc·C0 + 0.5.</summary>
    public static double ShToRgb(double dc) => (dc * ShC0) + 0.5;

    /// <summary>
    /// Rotation matrix (row-major, 9 values) of the quaternion (w, x, y, z) after normalising it, as 3DGS build_rotation.
    /// </summary>
    public static void RotationMatrix(double w, double x, double y, double z, Span<double> r)
    {
        var n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        r[0] = 1 - (2 * ((y * y) + (z * z)));
        r[1] = 2 * ((x * y) - (w * z));
        r[2] = 2 * ((x * z) + (w * y));
        r[3] = 2 * ((x * y) + (w * z));
        r[4] = 1 - (2 * ((x * x) + (z * z)));
        r[5] = 2 * ((y * z) - (w * x));
        r[6] = 2 * ((x * z) - (w * y));
        r[7] = 2 * ((y * z) + (w * x));
        r[8] = 1 - (2 * ((x * x) + (y * y)));
    }

    /// <summary>
    /// World covariance Σ = R S Sᵀ Rᵀ (S = diag(scale), activated scales) as its upper triangle
    /// (xx, xy, xz, yy, yz, zz), the order of 3DGS strip_symmetric.
    /// </summary>
    public static void Covariance(double sx, double sy, double sz, double w, double x, double y, double z, Span<double> upper6)
    {
        Span<double> r = stackalloc double[9];
        RotationMatrix(w, x, y, z, r);
        Span<double> m = stackalloc double[9]; // M = R S
        for (var i = 0; i < 3; i++)
        {
            m[(i * 3) + 0] = r[(i * 3) + 0] * sx;
            m[(i * 3) + 1] = r[(i * 3) + 1] * sy;
            m[(i * 3) + 2] = r[(i * 3) + 2] * sz;
        }

        var o = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = i; j < 3; j++)
            {
                upper6[o++] = (m[i * 3] * m[j * 3]) + (m[(i * 3) + 1] * m[(j * 3) + 1]) + (m[(i * 3) + 2] * m[(j * 3) + 2]);
            }
        }
    }

    private static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + (0.5 * x * x) + (x * x * x / 6) : Math.Exp(x) - 1;
}
