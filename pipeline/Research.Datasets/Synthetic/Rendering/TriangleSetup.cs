using Research.Datasets.Synthetic.Camera;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// Shared front end of both rasterisers: clips triangles against the near plane and a guard band, projects them to
/// sample-grid coordinates and snaps them to fixed point, so coverage tests are exact integer arithmetic.
/// </summary>
/// <remarks>
/// Sample grid: with <c>s</c> samples per pixel axis, sample (gx, gy) sits at pixel coordinate
/// <c>u = (gx + ½)/s − ½</c>; for s = 1 samples are the pixel centres, for s = 2 they sit at ±¼ px around them.
/// </remarks>
internal static class TriangleSetup
{
    /// <summary>Fixed-point sub-sample bits: vertices snap to 1/256 of a sample.</summary>
    public const int SubBits = 8;

    /// <summary>One sample step in fixed point.</summary>
    public const long One = 1L << SubBits;

    /// <summary>Near plane distance in tracking units (the camera is 7 units from the head).</summary>
    public const double Near = 0.05;

    private const int MaxPolygon = 9;

    public static void Run(RasterMesh mesh, PinholeCamera camera, int samplesPerAxis, bool[]? includeMaterial, RasterTarget target)
    {
        var output = target.RasterTriangles;
        var weights = target.ClipWeightList;
        output.Clear();
        weights.Clear();

        double s = samplesPerAxis;
        var sampleWidth = camera.Width * samplesPerAxis;
        var sampleHeight = camera.Height * samplesPerAxis;
        var guard = (2.0 * Math.Max(sampleWidth, sampleHeight)) + 16;
        var sf = s * camera.Focal;
        var ox = (s * (camera.Cx + 0.5)) - 0.5;
        var oy = (s * (camera.Cy + 0.5)) - 0.5;

        // Planes a·X + b·Y + c·w + d ≥ 0 in camera space with w = −Z (view depth).
        Span<double> planes =
        [
            0, 0, 1, -Near,
            sf, 0, ox + guard, 0,
            -sf, 0, sampleWidth - 1 + guard - ox, 0,
            0, -sf, oy + guard, 0,
            0, sf, sampleHeight - 1 + guard - oy, 0,
        ];

        var positions = mesh.Positions;
        var triangles = mesh.Triangles;
        var materials = mesh.TriangleMaterials;
        Span<double> polygon = stackalloc double[MaxPolygon * 6];
        Span<double> scratch = stackalloc double[MaxPolygon * 6];
        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            var material = materials[t];
            if (includeMaterial is not null && !includeMaterial[material])
            {
                continue;
            }

            var twoSided = mesh.Materials[material].TwoSided;
            var i0 = triangles[t * 3] * 3;
            var i1 = triangles[(t * 3) + 1] * 3;
            var i2 = triangles[(t * 3) + 2] * 3;
            double x0 = positions[i0], y0 = positions[i0 + 1], w0 = -positions[i0 + 2];
            double x1 = positions[i1], y1 = positions[i1 + 1], w1 = -positions[i1 + 2];
            double x2 = positions[i2], y2 = positions[i2 + 1], w2 = -positions[i2 + 2];

            var inside = true;
            var outside = false;
            for (var p = 0; p < planes.Length; p += 4)
            {
                var d0 = (planes[p] * x0) + (planes[p + 1] * y0) + (planes[p + 2] * w0) + planes[p + 3];
                var d1 = (planes[p] * x1) + (planes[p + 1] * y1) + (planes[p + 2] * w1) + planes[p + 3];
                var d2 = (planes[p] * x2) + (planes[p + 1] * y2) + (planes[p + 2] * w2) + planes[p + 3];
                inside &= d0 >= 0 && d1 >= 0 && d2 >= 0;
                outside |= d0 < 0 && d1 < 0 && d2 < 0;
            }

            if (outside)
            {
                continue;
            }

            if (inside)
            {
                output.Add(Project(x0, y0, w0, x1, y1, w1, x2, y2, w2, sf, ox, oy, t, -1, twoSided));
                continue;
            }

            // Sutherland–Hodgman; each polygon vertex is (X, Y, w, b0, b1, b2) with b the source barycentrics.
            double[] start = [x0, y0, w0, 1, 0, 0, x1, y1, w1, 0, 1, 0, x2, y2, w2, 0, 0, 1];
            start.CopyTo(polygon);
            var count = 3;
            for (var p = 0; p < planes.Length && count > 0; p += 4)
            {
                count = ClipPolygon(polygon, count, planes.Slice(p, 4), scratch);
                scratch[..(count * 6)].CopyTo(polygon);
            }

            for (var k = 1; k + 1 < count; k++)
            {
                var clip = weights.Count;
                AddWeights(weights, polygon, 0);
                AddWeights(weights, polygon, k);
                AddWeights(weights, polygon, k + 1);
                var a = polygon;
                output.Add(Project(
                    a[0], a[1], a[2],
                    a[k * 6], a[(k * 6) + 1], a[(k * 6) + 2],
                    a[(k + 1) * 6], a[((k + 1) * 6) + 1], a[((k + 1) * 6) + 2],
                    sf, ox, oy, t, clip, twoSided));
            }
        }
    }

    /// <summary>
    /// View depth at a sample from the edge values opposite each vertex (in the source winding) and the triangle's
    /// doubled signed area; perspective-correct because 1/depth is affine in screen space. Both rasterisers call this
    /// with the same operand order, so their depths are bit-identical.
    /// </summary>
    public static float DepthAt(long e0, long e1, long e2, long area2, in RasterTriangle t)
    {
        var q = (((double)e0 * t.InvDepth0) + ((double)e1 * t.InvDepth1) + ((double)e2 * t.InvDepth2)) / area2;
        return (float)(1.0 / q);
    }

    private static RasterTriangle Project(double x0, double y0, double w0, double x1, double y1, double w1, double x2, double y2, double w2, double sf, double ox, double oy, int source, int clip, bool twoSided) => new()
    {
        X0 = Snap((sf * x0 / w0) + ox),
        Y0 = Snap((-sf * y0 / w0) + oy),
        X1 = Snap((sf * x1 / w1) + ox),
        Y1 = Snap((-sf * y1 / w1) + oy),
        X2 = Snap((sf * x2 / w2) + ox),
        Y2 = Snap((-sf * y2 / w2) + oy),
        InvDepth0 = 1.0 / w0,
        InvDepth1 = 1.0 / w1,
        InvDepth2 = 1.0 / w2,
        Source = source,
        ClipWeights = clip,
        TwoSided = twoSided,
    };

    private static long Snap(double g) => (long)Math.Round(g * One, MidpointRounding.ToEven);

    private static void AddWeights(List<float> weights, ReadOnlySpan<double> polygon, int vertex)
    {
        weights.Add((float)polygon[(vertex * 6) + 3]);
        weights.Add((float)polygon[(vertex * 6) + 4]);
        weights.Add((float)polygon[(vertex * 6) + 5]);
    }

    private static int ClipPolygon(ReadOnlySpan<double> input, int count, ReadOnlySpan<double> plane, Span<double> output)
    {
        var outCount = 0;
        for (var i = 0; i < count; i++)
        {
            var a = input.Slice(i * 6, 6);
            var b = input.Slice(((i + 1) % count) * 6, 6);
            var da = (plane[0] * a[0]) + (plane[1] * a[1]) + (plane[2] * a[2]) + plane[3];
            var db = (plane[0] * b[0]) + (plane[1] * b[1]) + (plane[2] * b[2]) + plane[3];
            if (da >= 0)
            {
                a.CopyTo(output.Slice(outCount++ * 6, 6));
            }

            if ((da >= 0) != (db >= 0) && outCount < MaxPolygon)
            {
                var t = da / (da - db);
                var o = output.Slice(outCount++ * 6, 6);
                for (var c = 0; c < 6; c++)
                {
                    o[c] = a[c] + ((b[c] - a[c]) * t);
                }
            }
        }

        return outCount;
    }
}
