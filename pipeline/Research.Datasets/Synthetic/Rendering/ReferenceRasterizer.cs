using System.Runtime.InteropServices;
using Research.Datasets.Synthetic.Camera;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// The slow, obvious twin of <see cref="Rasterizer"/> for tests: for every sample, tests every triangle in draw order
/// with directly evaluated edge functions and keeps the nearest. It shares only the clip-and-snap front end and the
/// depth formula, so coverage, culling, the fill rule and the z-test are checked independently.
/// </summary>
public static class ReferenceRasterizer
{
    /// <summary>Draws the mesh into <paramref name="target"/>, like <see cref="Rasterizer.Rasterize"/>.</summary>
    public static void Rasterize(RasterMesh mesh, PinholeCamera camera, RasterTarget target, bool[]? includeMaterial = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(target);
        Rasterizer.CheckSize(camera, target);
        TriangleSetup.Run(mesh, camera, target.SamplesPerAxis, includeMaterial, target);
        var triangles = CollectionsMarshal.AsSpan(target.RasterTriangles);
        for (var y = 0; y < target.SampleHeight; y++)
        {
            for (var x = 0; x < target.SampleWidth; x++)
            {
                var px = x * TriangleSetup.One;
                var py = y * TriangleSetup.One;
                var index = (y * target.SampleWidth) + x;
                for (var id = 0; id < triangles.Length; id++)
                {
                    ref readonly var t = ref triangles[id];
                    var area2 = Edge(t.X0, t.Y0, t.X1, t.Y1, t.X2, t.Y2);
                    var frontFacing = area2 < 0;
                    if (area2 == 0 || (!frontFacing && !t.TwoSided))
                    {
                        continue;
                    }

                    var e0 = Edge(t.X1, t.Y1, t.X2, t.Y2, px, py);
                    var e1 = Edge(t.X2, t.Y2, t.X0, t.Y0, px, py);
                    var e2 = Edge(t.X0, t.Y0, t.X1, t.Y1, px, py);
                    if (!Covers(e0, t.X2 - t.X1, t.Y2 - t.Y1, frontFacing)
                        || !Covers(e1, t.X0 - t.X2, t.Y0 - t.Y2, frontFacing)
                        || !Covers(e2, t.X1 - t.X0, t.Y1 - t.Y0, frontFacing))
                    {
                        continue;
                    }

                    var d = TriangleSetup.DepthAt(e0, e1, e2, area2, in t);
                    if (d < target.Depth[index])
                    {
                        target.Depth[index] = d;
                        target.Ids[index] = id;
                    }
                }
            }
        }
    }

    private static long Edge(long ax, long ay, long bx, long by, long px, long py) => ((bx - ax) * (py - ay)) - ((by - ay) * (px - ax));

    /// <summary>
    /// Inside test for one edge A→B with value e. For a front face (negative area) the interior is where e &lt; 0 and
    /// the edge, walked in the interior's positive orientation, runs B→A. A sample exactly on the edge belongs to the
    /// triangle only when that edge is a top edge (horizontal, interior below) or a left edge (interior to its right).
    /// </summary>
    private static bool Covers(long e, long dx, long dy, bool frontFacing)
    {
        if (frontFacing)
        {
            (e, dx, dy) = (-e, -dx, -dy);
        }

        if (e != 0)
        {
            return e > 0;
        }

        var isTopEdge = dy == 0 && dx > 0;
        var isLeftEdge = dy < 0;
        return isTopEdge || isLeftEdge;
    }
}
