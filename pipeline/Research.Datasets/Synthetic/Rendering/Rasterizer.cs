using System.Runtime.InteropServices;
using Research.Datasets.Synthetic.Camera;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// Scan-converting z-buffer rasteriser: per triangle, walks its bounding box with incremental integer edge
/// functions on snapped vertices, the top-left fill rule (shared edges are drawn exactly once), and
/// perspective-correct depth. Draw order breaks depth ties (the earlier triangle wins).
/// </summary>
/// <remarks>
/// A triangle is front-facing when its corners are counter-clockwise as seen by the camera; one-sided materials
/// cull back faces. <see cref="ReferenceRasterizer"/> is the brute-force twin the tests compare against.
/// </remarks>
public static class Rasterizer
{
    /// <summary>Draws the mesh into <paramref name="target"/> (after <see cref="RasterTarget.Clear"/> for a new frame).</summary>
    /// <param name="mesh">Camera-space triangles.</param>
    /// <param name="camera">The camera; its size must match the target.</param>
    /// <param name="target">Visibility buffer.</param>
    /// <param name="includeMaterial">Per material index, whether to draw it (null draws everything).</param>
    public static void Rasterize(RasterMesh mesh, PinholeCamera camera, RasterTarget target, bool[]? includeMaterial = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(target);
        CheckSize(camera, target);
        TriangleSetup.Run(mesh, camera, target.SamplesPerAxis, includeMaterial, target);

        var triangles = CollectionsMarshal.AsSpan(target.RasterTriangles);
        var depth = target.Depth;
        var ids = target.Ids;
        var width = target.SampleWidth;
        var height = target.SampleHeight;
        for (var id = 0; id < triangles.Length; id++)
        {
            Draw(in triangles[id], id, depth, ids, width, height);
        }
    }

    internal static void CheckSize(PinholeCamera camera, RasterTarget target)
    {
        if (camera.Width != target.Width || camera.Height != target.Height)
        {
            throw new ArgumentException($"camera is {camera.Width}x{camera.Height} but the target is {target.Width}x{target.Height}.");
        }
    }

    private static void Draw(in RasterTriangle t, int id, float[] depth, int[] ids, int width, int height)
    {
        long ax = t.X0, ay = t.Y0, bx = t.X1, by = t.Y1, cx = t.X2, cy = t.Y2;
        var area2 = ((bx - ax) * (cy - ay)) - ((by - ay) * (cx - ax));
        if (area2 == 0 || (area2 > 0 && !t.TwoSided))
        {
            return;
        }

        // Orient so the interior has all edge functions ≥ 0 (screen y points down, so front faces have area2 < 0).
        var swapped = area2 < 0;
        if (swapped)
        {
            (bx, by, cx, cy) = (cx, cy, bx, by);
            area2 = -area2;
        }

        var minX = Math.Max(0, CeilSample(Math.Min(ax, Math.Min(bx, cx))));
        var maxX = Math.Min(width - 1, FloorSample(Math.Max(ax, Math.Max(bx, cx))));
        var minY = Math.Max(0, CeilSample(Math.Min(ay, Math.Min(by, cy))));
        var maxY = Math.Min(height - 1, FloorSample(Math.Max(ay, Math.Max(by, cy))));
        if (minX > maxX || minY > maxY)
        {
            return;
        }

        // Edge k is opposite vertex k: e0 = b→c, e1 = c→a, e2 = a→b; value (B−A)×(P−A) with P the sample.
        var one = TriangleSetup.One;
        var px = minX * one;
        var py = minY * one;
        var e0Row = ((cx - bx) * (py - by)) - ((cy - by) * (px - bx));
        var e1Row = ((ax - cx) * (py - cy)) - ((ay - cy) * (px - cx));
        var e2Row = ((bx - ax) * (py - ay)) - ((by - ay) * (px - ax));
        var e0Dx = -(cy - by) * one;
        var e1Dx = -(ay - cy) * one;
        var e2Dx = -(by - ay) * one;
        var e0Dy = (cx - bx) * one;
        var e1Dy = (ax - cx) * one;
        var e2Dy = (bx - ax) * one;

        // Top-left rule as a bias: covered when e + bias − 1 ≥ 0, bias 1 on top or left edges.
        var b0 = TopLeft(cx - bx, cy - by) ? 0 : -1;
        var b1 = TopLeft(ax - cx, ay - cy) ? 0 : -1;
        var b2 = TopLeft(bx - ax, by - ay) ? 0 : -1;

        for (var y = minY; y <= maxY; y++)
        {
            long e0 = e0Row, e1 = e1Row, e2 = e2Row;
            var row = y * width;
            for (var x = minX; x <= maxX; x++)
            {
                if (((e0 + b0) | (e1 + b1) | (e2 + b2)) >= 0)
                {
                    // Depth in source winding: after the swap, edges 1 and 2 belong to source vertices 2 and 1.
                    var d = swapped
                        ? TriangleSetup.DepthAt(-e0, -e2, -e1, -area2, in t)
                        : TriangleSetup.DepthAt(e0, e1, e2, area2, in t);
                    var index = row + x;
                    if (d < depth[index])
                    {
                        depth[index] = d;
                        ids[index] = id;
                    }
                }

                e0 += e0Dx;
                e1 += e1Dx;
                e2 += e2Dx;
            }

            e0Row += e0Dy;
            e1Row += e1Dy;
            e2Row += e2Dy;
        }
    }

    private static bool TopLeft(long dx, long dy) => dy < 0 || (dy == 0 && dx > 0);

    private static int CeilSample(long fixedValue) => (int)Math.Clamp(-((-fixedValue) >> TriangleSetup.SubBits), int.MinValue / 2, int.MaxValue / 2);

    private static int FloorSample(long fixedValue) => (int)Math.Clamp(fixedValue >> TriangleSetup.SubBits, int.MinValue / 2, int.MaxValue / 2);
}
