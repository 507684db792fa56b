using static Research.Datasets.Synthetic.Head.ShapeMath;

namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// The skin as a function of azimuth a (0 = straight ahead along +Z, positive towards +X) and elevation e: a
/// piecewise superellipsoid (flatter at the front, squarer under the chin), narrowed towards the jaw, plus facial
/// relief (eye sockets, brow ridge, nose, cheekbones, muzzle, chin) pushed forward along +Z on the front of the head.
/// </summary>
internal sealed class SkinSurface
{
    private readonly HeadIdentity identity;
    private readonly double semiX;
    private readonly double top;
    private readonly double bottom;
    private readonly double front;
    private readonly double back;

    public SkinSurface(HeadIdentity identity)
    {
        this.identity = identity;
        semiX = 0.76 * identity.HeadWidth;
        top = 1.13 * identity.HeadHeight;
        bottom = 0.95;
        front = 0.98 * identity.HeadDepth;
        back = 1.04 * identity.HeadDepth;
        EyeX = 0.31 * identity.HeadWidth;
        NoseTipY = NasionY - (0.42 * identity.NoseSize);
        SubnasaleY = NoseTipY - (0.04 * identity.NoseSize);
        ChinY = -0.87 - identity.ChinLength;
    }

    /// <summary>Height of the eye centres.</summary>
    public static double EyeY => 0.27;

    /// <summary>Height of the brows.</summary>
    public static double BrowY => 0.47;

    /// <summary>Top of the nose bridge.</summary>
    public static double NasionY => 0.33;

    /// <summary>Height of the closed-lip line.</summary>
    public static double MouthY => -0.41;

    /// <summary>Distance of each eye centre from the midline.</summary>
    public double EyeX { get; }

    /// <summary>Height of the nose tip.</summary>
    public double NoseTipY { get; }

    /// <summary>Height where the nose meets the upper lip.</summary>
    public double SubnasaleY { get; }

    /// <summary>Height of the bottom of the chin.</summary>
    public double ChinY { get; }

    /// <summary>Unit direction of (a, e).</summary>
    public static Vec3 Direction(double a, double e)
    {
        var (sa, ca) = Math.SinCos(a);
        var (se, ce) = Math.SinCos(e);
        return new Vec3(sa * ce, se, ca * ce);
    }

    /// <summary>The head shape without facial relief.</summary>
    public Vec3 Base(double a, double e)
    {
        var d = Direction(a, e);
        var frontness = Ramp(Math.Cos(a), -0.2, 0.6);
        var p = 2.2 + (0.5 * frontness);
        var c = d.Z > 0 ? front : back;
        var h = Math.Pow(Math.Pow(Math.Abs(d.X / semiX), p) + Math.Pow(Math.Abs(d.Z / c), p), 1 / p);
        var q = d.Y < 0 ? 2 + (0.8 * frontness) : 2.4;
        var b = d.Y > 0 ? top : bottom;
        var r = 1 / Math.Pow(Math.Pow(h, q) + Math.Pow(Math.Abs(d.Y / b), q), 1 / q);
        var point = d * r;

        // Narrow towards the jaw and lengthen the chin, front and lower face only.
        var x = point.X * (1 - ((1 - identity.JawWidth) * Ramp(point.Y, 0.1, -0.9)));
        var y = point.Y - (identity.ChinLength * Ramp(point.Y, -0.45, -0.95) * Ramp(point.Z, -0.1, 0.4));
        return new Vec3(x, y, point.Z);
    }

    /// <summary>The skin point at (a, e) including facial relief.</summary>
    public Vec3 Point(double a, double e)
    {
        var b = Base(a, e);
        return new Vec3(b.X, b.Y, b.Z + (FrontWeight(b.Z) * Relief(b.X, b.Y)));
    }

    /// <summary>How much facial relief applies at a point of the base shape with depth z.</summary>
    public static double FrontWeight(double z) => Ramp(z, 0.2, 0.55);

    /// <summary>Forward displacement of the facial features at (x, y).</summary>
    public double Relief(double x, double y)
    {
        var ax = Math.Abs(x);
        var d = -0.13 * Gauss((ax - EyeX) / 0.15, (y - EyeY) / 0.11);
        d += 0.05 * Gauss((ax - 0.28) / 0.2, (y - BrowY) / 0.07);
        d += 0.02 * Gauss(x / 0.1, (y - 0.42) / 0.08);
        d += 0.04 * Gauss((ax - 0.45) / 0.14, (y - 0.08) / 0.12);
        d += 0.07 * Gauss(x / 0.3, (y - MouthY) / 0.2);
        d += 0.05 * Gauss(x / 0.17, (y - (ChinY + 0.12)) / 0.1);
        d -= 0.015 * Gauss(x / 0.18, (y - (MouthY - 0.17)) / 0.035);
        return d + Nose(x, y);
    }

    /// <summary>Solves for (a, e) whose base point has the given x and y on the front of the head.</summary>
    public (double A, double E) SolveFront(double x, double y)
    {
        var a = Math.Asin(Math.Clamp(x / 0.85, -0.95, 0.95));
        var e = Math.Asin(Math.Clamp(y / 1.05, -0.95, 0.95));
        const double Step = 1e-6;
        for (var i = 0; i < 30; i++)
        {
            var p = Base(a, e);
            var fx = p.X - x;
            var fy = p.Y - y;
            if (Math.Abs(fx) + Math.Abs(fy) < 1e-12)
            {
                break;
            }

            var pa = Base(a + Step, e);
            var pe = Base(a, e + Step);
            double j11 = (pa.X - p.X) / Step, j12 = (pe.X - p.X) / Step, j21 = (pa.Y - p.Y) / Step, j22 = (pe.Y - p.Y) / Step;
            var det = (j11 * j22) - (j12 * j21);
            a -= ((j22 * fx) - (j12 * fy)) / det;
            e -= ((j11 * fy) - (j21 * fx)) / det;
            e = Math.Clamp(e, -1.5, 1.5);
        }

        return (a, e);
    }

    /// <summary>The skin point in front of (x, y), including relief.</summary>
    public Vec3 FrontPoint(double x, double y)
    {
        var (a, e) = SolveFront(x, y);
        return Point(a, e);
    }

    /// <summary>The elevation at which the midline (a = 0) of the base shape reaches height y.</summary>
    public double MidlineElevation(double y)
    {
        double lo = -Math.PI / 2, hi = Math.PI / 2;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Base(0, mid).Y < y)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    private double Nose(double x, double y)
    {
        var n = identity.NoseSize;
        var w = identity.NoseWidth;
        var y0 = NasionY;
        var yt = NoseTipY;
        var ys = SubnasaleY;
        var tip = 0.25 * n;
        const double Base = 0.03;
        double h;
        if (y >= y0)
        {
            h = Base * Ramp(y, y0 + 0.12, y0);
        }
        else if (y >= yt)
        {
            h = Base + ((tip - Base) * Math.Pow((y0 - y) / (y0 - yt), 1.4));
        }
        else if (y >= ys)
        {
            var u = (yt - y) / (yt - ys);
            h = Base + ((tip - Base) * Math.Sqrt(Math.Max(0, 1 - (u * u))));
        }
        else
        {
            h = Base * Ramp(y, ys - 0.05, ys);
        }

        var width = (0.065 + (0.045 * Ramp(y, y0, yt))) * w;
        var s = x / width;
        var profile = Math.Abs(s) < 1 ? (1 - (s * s)) * (1 - (s * s)) : 0;
        var alae = 0.045 * n * Gauss((Math.Abs(x) - (0.085 * w)) / 0.045, (y - (yt - 0.01)) / 0.04);
        var ball = 0.02 * Gauss(x / 0.05, (y - yt) / 0.04);
        return (h * profile) + alae + ball;
    }
}
