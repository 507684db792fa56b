namespace Research.Datasets.Synthetic.Head;

/// <summary>Smooth blending functions used to shape the head.</summary>
internal static class ShapeMath
{
    /// <summary>Smoothstep of t clamped to [0, 1].</summary>
    public static double Smooth(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }

    /// <summary>0 at <paramref name="from"/>, 1 at <paramref name="to"/>, smooth in between (either direction).</summary>
    public static double Ramp(double x, double from, double to) => Smooth((x - from) / (to - from));

    /// <summary>Gaussian bump exp(−(u² + v²)).</summary>
    public static double Gauss(double u, double v) => Math.Exp(-((u * u) + (v * v)));

    /// <summary>Radians from degrees.</summary>
    public static double Deg(double degrees) => degrees * Math.PI / 180;
}
