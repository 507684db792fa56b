using static Research.Datasets.Synthetic.Head.ShapeMath;

namespace Research.Datasets.Synthetic.Head;

/// <summary>Eyes with lids, brows and ears.</summary>
internal sealed partial class HeadBuilder
{
    private const double EyeRadius = 0.115;
    private const double LidHalfWidth = 0.17;
    private const double UpperLidRadius = 0.132;
    private const double LowerLidRadius = 0.126;

    /// <summary>Lid edge angles (from straight ahead, upwards positive) at rest.</summary>
    private static readonly double UpperLidEdge = Deg(21);
    private static readonly double LowerLidEdge = Deg(-20);

    /// <summary>Lid columns: angle along the eye's width (sin of it times the half-width gives x).</summary>
    private static readonly double[] LidColumns = [-80, -66, -55, -44, -33, -22, -11, 0, 11, 22, 33, 44, 55, 66, 80];

    private static readonly double[] UpperLidRows = [21, 26, 35, 50, 70, 100, 127];
    private static readonly double[] LowerLidRows = [-20, -25, -35, -50, -70, -110];
    private static readonly double[] EyeballRings = [8.5, 18, 29, 31, 45, 62, 80, 100];
    private const int EyeballSegments = 24;

    private readonly Vec3[] eyeCenters = new Vec3[2];
    private readonly int[][] upperLidEdges = new int[2][];
    private readonly int[][] lowerLidEdges = new int[2][];
    private readonly int[][] browCenters = new int[2][];

    /// <summary>Rotation that closes the upper lid onto the lower one (slightly past it).</summary>
    private static double BlinkAngle => UpperLidEdge - LowerLidEdge + Deg(3);

    private void BuildEye(int eye)
    {
        var side = eye == 0 ? -1 : 1;
        var x = side * skin.EyeX;
        var (a, e) = skin.SolveFront(x, SkinSurface.EyeY);
        var surface = skin.Base(a, e);
        var center = new Vec3(x, SkinSurface.EyeY, surface.Z - 0.04 - EyeRadius);
        eyeCenters[eye] = center;
        var tag = new VertexTag(VertexRole.Eyeball, Eye: eye);

        var pole = mesh.AddVertex(center + new Vec3(0, 0, EyeRadius), tag);
        var previous = Enumerable.Repeat(pole, EyeballSegments).ToArray();
        for (var r = 0; r < EyeballRings.Length; r++)
        {
            var theta = Deg(EyeballRings[r]);
            var ring = new int[EyeballSegments];
            for (var k = 0; k < EyeballSegments; k++)
            {
                var phi = 2 * Math.PI * k / EyeballSegments;
                var p = center + (new Vec3(Math.Sin(theta) * Math.Cos(phi), Math.Sin(theta) * Math.Sin(phi), Math.Cos(theta)) * EyeRadius);
                var limbus = r switch { 1 => 0.9, 2 => 0.6, 3 => 0.8, _ => 1.0 };
                var lidShadow = 1 - (0.18 * Ramp(p.Y - center.Y, -0.02, 0.08));
                ring[k] = mesh.AddVertex(p, tag, Shade(limbus * lidShadow));
            }

            var material = r switch
            {
                0 => HeadMaterials.Pupil,
                <= 3 => HeadMaterials.Iris,
                _ => HeadMaterials.EyeWhite,
            };
            for (var k = 0; k < EyeballSegments; k++)
            {
                var k1 = (k + 1) % EyeballSegments;
                mesh.AddQuad(previous[k], previous[k1], ring[k1], ring[k], material, center);
            }

            previous = ring;
        }

        upperLidEdges[eye] = BuildLid(eye, center, UpperLidRows, UpperLidRadius, VertexRole.UpperLid);
        lowerLidEdges[eye] = BuildLid(eye, center, LowerLidRows, LowerLidRadius, VertexRole.LowerLid);
    }

    /// <summary>A lid: a piece of a spheroid around the eye (long axis along x), so it can rotate about x to blink.</summary>
    private int[] BuildLid(int eye, Vec3 center, double[] rows, double radius, VertexRole role)
    {
        var indices = new int[rows.Length][];
        for (var r = 0; r < rows.Length; r++)
        {
            var v = Deg(rows[r]);
            indices[r] = new int[LidColumns.Length];
            for (var c = 0; c < LidColumns.Length; c++)
            {
                var u = Deg(LidColumns[c]);
                var p = center + new Vec3(LidHalfWidth * Math.Sin(u), radius * Math.Cos(u) * Math.Sin(v), radius * Math.Cos(u) * Math.Cos(v));
                var shade = role == VertexRole.UpperLid ? r switch { 0 => 0.25, 1 => 0.75, _ => 0.95 } : r == 0 ? 0.75 : 0.97;
                indices[r][c] = mesh.AddVertex(p, new VertexTag(role, Eye: eye, T: r), Shade(shade));
            }
        }

        for (var r = 0; r + 1 < rows.Length; r++)
        {
            for (var c = 0; c + 1 < LidColumns.Length; c++)
            {
                mesh.AddQuad(indices[r][c], indices[r][c + 1], indices[r + 1][c + 1], indices[r + 1][c], HeadMaterials.Eyelid, center);
            }
        }

        return indices[0];
    }

    private void BuildBrow(int eye)
    {
        var side = eye == 0 ? -1 : 1;
        (double X, double Y)[] control = [(0.09, 0.45), (0.2, 0.495), (0.3, 0.505), (0.4, 0.49), (0.48, 0.45)];
        const int Segments = 10;
        var tag = new VertexTag(VertexRole.Brow, Eye: eye);
        var rows = new int[Segments + 1][];
        var centers = new int[Segments + 1];
        for (var i = 0; i <= Segments; i++)
        {
            var s = (double)i / Segments;
            var (cx, cy) = CatmullRom(control, s);
            var (dx, dy) = CatmullRom(control, Math.Min(1, s + 0.01));
            var (ex, ey) = CatmullRom(control, Math.Max(0, s - 0.01));
            var nx = -(dy - ey);
            var ny = dx - ex;
            var length = Math.Sqrt((nx * nx) + (ny * ny));
            nx /= length;
            ny /= length;
            var half = identity.BrowThickness * ((0.028 * Math.Pow(1 - s, 0.8)) + 0.009);
            rows[i] = new int[3];
            for (var k = 0; k < 3; k++)
            {
                var offset = (k - 1) * half;
                var bx = (cx + (nx * offset)) * identity.HeadWidth;
                var by = cy + (ny * offset);
                var p = skin.FrontPoint(side * bx, by) + new Vec3(0, 0, 0.012);
                rows[i][k] = mesh.AddVertex(p, tag, Shade(k == 1 ? 1.0 : 1.12));
            }

            centers[i] = rows[i][1];
        }

        var head = new Vec3(0, 0, -0.1);
        for (var i = 0; i < Segments; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                mesh.AddQuad(rows[i][k], rows[i + 1][k], rows[i + 1][k + 1], rows[i][k + 1], HeadMaterials.Brow, head);
            }
        }

        browCenters[eye] = centers;
    }

    private void BuildEar(int side)
    {
        var y = 0.03;
        var sideSurface = skin.Base(side * Math.PI / 2, skin.MidlineElevation(y));
        var center = new Vec3(sideSurface.X + (side * 0.03), y, -0.1);
        const int Rings = 10;
        const int Segments = 14;
        var tag = new VertexTag(VertexRole.Ear);
        var bottomIndex = mesh.AddVertex(EarPoint(center, side, Math.PI, 0), tag);
        var topIndex = mesh.AddVertex(EarPoint(center, side, 0, 0), tag);
        var rings = new int[Rings - 1][];
        for (var r = 1; r < Rings; r++)
        {
            var theta = Math.PI * r / Rings;
            rings[r - 1] = new int[Segments];
            for (var k = 0; k < Segments; k++)
            {
                var phi = 2 * Math.PI * k / Segments;
                var p = EarPoint(center, side, theta, phi);

                // The bowl (concha) on the outer face is darker.
                var outer = Math.Cos(phi);
                var bowl = outer > 0 ? Gauss((theta - 1.7) / 0.6, 0) * outer : 0;
                rings[r - 1][k] = mesh.AddVertex(p, tag, Shade(1 - (0.3 * bowl)));
            }
        }

        for (var k = 0; k < Segments; k++)
        {
            var k1 = (k + 1) % Segments;
            mesh.AddTriangle(topIndex, rings[0][k], rings[0][k1], HeadMaterials.Ear, center);
            mesh.AddTriangle(bottomIndex, rings[^1][k], rings[^1][k1], HeadMaterials.Ear, center);
            for (var r = 0; r + 1 < rings.Length; r++)
            {
                mesh.AddQuad(rings[r][k], rings[r][k1], rings[r + 1][k1], rings[r + 1][k], HeadMaterials.Ear, center);
            }
        }
    }

    /// <summary>A point of the ear ellipsoid: long axis vertical, thin across, tilted back and turned forward.</summary>
    private static Vec3 EarPoint(Vec3 center, int side, double theta, double phi)
    {
        var local = new Vec3(0.045 * Math.Sin(theta) * Math.Cos(phi) * side, 0.3 * Math.Cos(theta), 0.17 * Math.Sin(theta) * Math.Sin(phi));
        return center + local.RotateX(default, Deg(-10)).RotateY(default, side * Deg(-20));
    }

    private static (double X, double Y) CatmullRom((double X, double Y)[] points, double t)
    {
        var segments = points.Length - 1;
        var position = Math.Clamp(t, 0, 1) * segments;
        var i = Math.Min((int)position, segments - 1);
        var u = position - i;
        var p0 = points[Math.Max(0, i - 1)];
        var p1 = points[i];
        var p2 = points[i + 1];
        var p3 = points[Math.Min(segments, i + 2)];
        double Blend(double a, double b, double c, double d) =>
            0.5 * ((2 * b) + ((-a + c) * u) + (((2 * a) - (5 * b) + (4 * c) - d) * u * u) + ((-a + (3 * b) - (3 * c) + d) * u * u * u));
        return (Blend(p0.X, p1.X, p2.X, p3.X), Blend(p0.Y, p1.Y, p2.Y, p3.Y));
    }
}
