using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Tests.Synthetic.Rendering;

[TestFixture]
public sealed class RasterizerTests
{
    private static readonly SurfaceMaterial OneSided = new("one", new RgbColor(1, 0, 0), ParsingClass.Face);
    private static readonly SurfaceMaterial TwoSided = new("two", new RgbColor(0, 1, 0), ParsingClass.Hair, TwoSided: true);

    private static IEnumerable<TestCaseData> HeadPoses()
    {
        yield return new TestCaseData(1, 40, 1, new HeadPose(0, 0, 0, 0, 0, 0), Expression.JawDrop).SetName("Rest_JawOpen_40px");
        yield return new TestCaseData(2, 40, 1, new HeadPose(0.2, -0.35, 0.1, 0.05, -0.03, 0.2), Expression.Blink).SetName("Turned_Blink_40px");
        yield return new TestCaseData(3, 36, 1, new HeadPose(-0.25, 0.3, -0.15, 0, 0.05, -0.3), Expression.Funnel).SetName("Tilted_Funnel_36px");
        yield return new TestCaseData(4, 20, 2, new HeadPose(0.1, 0.5, 0, 0, 0, 0), Expression.LipCornerPull).SetName("Supersampled_Yawed_20px");
    }

    [TestCaseSource(nameof(HeadPoses))]
    public void FastRasterizer_MatchesBruteForceReference(int seed, int size, int samples, HeadPose pose, Expression expression)
    {
        var renderer = SyntheticTestData.Renderer(seed, size);
        var mesh = renderer.Pose(SyntheticTestData.Weights((expression, 0.8f)), pose);
        var fast = new RasterTarget(size, size, samples);
        var reference = new RasterTarget(size, size, samples);
        Rasterizer.Rasterize(mesh, renderer.Camera, fast);
        ReferenceRasterizer.Rasterize(mesh, renderer.Camera, reference);

        // Same snapped vertices and the same depth formula, so triangles must agree exactly and depths to float rounding.
        var covered = 0;
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < fast.Depth.Length; i++)
            {
                var triangle = fast.SourceTriangleAt(i);
                Assert.That(triangle, Is.EqualTo(reference.SourceTriangleAt(i)), $"sample {i}");
                if (triangle >= 0)
                {
                    covered++;
                    Assert.That(fast.Depth[i], Is.EqualTo(reference.Depth[i]).Within(1e-5).Percent, $"depth at sample {i}");
                }
            }
        }

        Assert.That(covered, Is.GreaterThan(fast.Depth.Length / 4), "the person covers a good part of the frame");
    }

    [Test]
    public void SharedEdges_AreDrawnExactlyOnce_TopLeftRule()
    {
        // A square [2, 10] x [2, 10] in pixels, vertices on pixel centres, cut into a fan around (6, 6) plus a split
        // quad: every sample on an inner edge must belong to exactly one triangle.
        const int Size = 16;
        var camera = new PinholeCamera(Size, Size, 1);
        (double U, double V)[] corners = [(2, 2), (6, 2), (10, 2), (10, 6), (10, 10), (6, 10), (2, 10), (2, 6)];
        var triangles = new List<(double U, double V)[]>();
        for (var k = 0; k < corners.Length; k++)
        {
            triangles.Add([(6, 6), corners[k], corners[(k + 1) % corners.Length]]);
        }

        var counts = new int[Size * Size];
        foreach (var triangle in triangles)
        {
            foreach (var ordered in (IEnumerable<(double U, double V)[]>)[triangle, [triangle[0], triangle[2], triangle[1]]])
            {
                var target = new RasterTarget(Size, Size, 1);
                Rasterizer.Rasterize(Soup(camera, [ordered], TwoSided), camera, target);
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += target.SourceTriangleAt(i) >= 0 ? 1 : 0;
                }
            }
        }

        // Each triangle was drawn in both windings, so a sample covered once per triangle counts 2.
        using (Assert.EnterMultipleScope())
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var inside = x is >= 2 and < 10 && y is >= 2 and < 10;
                    Assert.That(counts[(y * Size) + x], Is.EqualTo(inside ? 2 : 0), $"pixel ({x}, {y})");
                }
            }
        }
    }

    [Test]
    public void OneSidedTriangles_SeenFromBehind_AreCulled()
    {
        var camera = new PinholeCamera(16, 16, 1);
        (double U, double V)[] front = [(2, 2), (2, 12), (12, 2)];
        (double U, double V)[] back = [(2, 2), (12, 2), (2, 12)];

        // The front triangle's normal (right-hand rule over its camera-space corners) points at the camera.
        var positions = Soup(camera, [front], OneSided).Positions;
        double ux = positions[3] - positions[0], uy = positions[4] - positions[1];
        double vx = positions[6] - positions[0], vy = positions[7] - positions[1];
        Assert.That((ux * vy) - (uy * vx), Is.Positive, "normal z > 0, towards the camera at the origin");

        int Covered((double U, double V)[] triangle, SurfaceMaterial material)
        {
            var target = new RasterTarget(16, 16, 1);
            Rasterizer.Rasterize(Soup(camera, [triangle], material), camera, target);
            return target.Depth.Count(float.IsFinite);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Covered(front, OneSided), Is.GreaterThan(40), "front face drawn");
            Assert.That(Covered(back, OneSided), Is.Zero, "back face culled");
            Assert.That(Covered(back, TwoSided), Is.GreaterThan(40), "two-sided back face drawn");
        }
    }

    [Test]
    public void Depth_IsPerspectiveCorrect_OnATiltedPlane()
    {
        const int Size = 32;
        var camera = new PinholeCamera(Size, Size, 30);
        float[] positions = [-1.5f, -1.2f, -3f, 1.5f, -1.2f, -6f, 0f, 1.5f, -4f];
        var mesh = new RasterMesh(positions, new float[12], [0, 1, 2], [0], [TwoSided]);
        var target = new RasterTarget(Size, Size, 1);
        Rasterizer.Rasterize(mesh, camera, target);

        // Plane through the three points: n·X = c; the ray through pixel (i, j) is t·((i − cx)/f, −(j − cy)/f, −1).
        double[] a = [positions[0], positions[1], positions[2]], b = [positions[3], positions[4], positions[5]], c = [positions[6], positions[7], positions[8]];
        double[] u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
        double[] n = [(u[1] * v[2]) - (u[2] * v[1]), (u[2] * v[0]) - (u[0] * v[2]), (u[0] * v[1]) - (u[1] * v[0])];
        var offset = (n[0] * a[0]) + (n[1] * a[1]) + (n[2] * a[2]);
        var checkedPixels = 0;
        using (Assert.EnterMultipleScope())
        {
            for (var j = 0; j < Size; j++)
            {
                for (var i = 0; i < Size; i++)
                {
                    var depth = target.Depth[(j * Size) + i];
                    if (!float.IsFinite(depth))
                    {
                        continue;
                    }

                    double dx = (i - camera.Cx) / camera.Focal, dy = -(j - camera.Cy) / camera.Focal;
                    var t = offset / ((n[0] * dx) + (n[1] * dy) - n[2]);
                    Assert.That(depth, Is.EqualTo(t).Within(0.1).Percent, $"pixel ({i}, {j})");
                    checkedPixels++;
                }
            }
        }

        Assert.That(checkedPixels, Is.GreaterThan(100));
    }

    [Test]
    public void TriangleCrossingTheNearPlane_IsClipped_AndMatchesTheReference()
    {
        const int Size = 24;
        var camera = new PinholeCamera(Size, Size, 20);

        // One corner behind the camera (z > 0): only the part in front of the near plane may be drawn.
        float[] positions = [-1f, -1f, -3f, 1f, -1f, -3f, 0f, 1f, 0.5f];
        var mesh = new RasterMesh(positions, new float[12], [0, 1, 2], [0], [TwoSided]);
        var fast = new RasterTarget(Size, Size, 1);
        var reference = new RasterTarget(Size, Size, 1);
        Rasterizer.Rasterize(mesh, camera, fast);
        ReferenceRasterizer.Rasterize(mesh, camera, reference);

        var finite = fast.Depth.Where(float.IsFinite).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(finite, Is.Not.Empty);
            Assert.That(finite, Has.All.GreaterThanOrEqualTo(0.05f * 0.999f), "nothing nearer than the near plane");
            Assert.That(fast.Depth, Is.EqualTo(reference.Depth).AsCollection);
        }
    }

    /// <summary>Triangles given in pixel coordinates, placed on the plane z = −1 (so u = f·x + cx exactly).</summary>
    private static RasterMesh Soup(PinholeCamera camera, IReadOnlyList<(double U, double V)[]> triangles, SurfaceMaterial material)
    {
        var positions = new List<float>();
        foreach (var triangle in triangles)
        {
            foreach (var (u, v) in triangle)
            {
                positions.Add((float)((u - camera.Cx) / camera.Focal));
                positions.Add((float)(-(v - camera.Cy) / camera.Focal));
                positions.Add(-1f);
            }
        }

        var count = triangles.Count;
        return new RasterMesh([.. positions], new float[count * 12], [.. Enumerable.Range(0, count * 3)], new byte[count], [material]);
    }
}
