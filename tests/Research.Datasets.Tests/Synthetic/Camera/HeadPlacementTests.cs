using NUnit.Framework;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;

namespace Research.Datasets.Tests.Synthetic.Camera;

[TestFixture]
public sealed class HeadPlacementTests
{
    [Test]
    public void SingleAxisRotations_AreTheNotesMatrices()
    {
        const double Angle = 0.3;
        var (s, c) = Math.SinCos(Angle);
        using (Assert.EnterMultipleScope())
        {
            // talkinggaussian.md §1 step 9: Rx, Ry' (note the sign of sφ) and Rz, row-major.
            Assert.That(HeadPlacement.Rotation(Angle, 0, 0), Is.EqualTo(new[] { 1, 0, 0, 0, c, -s, 0, s, c }).Within(1e-15).AsCollection, "pitch");
            Assert.That(HeadPlacement.Rotation(0, Angle, 0), Is.EqualTo(new[] { c, 0, -s, 0, 1, 0, s, 0, c }).Within(1e-15).AsCollection, "yaw");
            Assert.That(HeadPlacement.Rotation(0, 0, Angle), Is.EqualTo(new[] { c, -s, 0, s, c, 0, 0, 0, 1 }).Within(1e-15).AsCollection, "roll");
        }
    }

    [Test]
    public void Rotation_IsTheProductRxRyRz()
    {
        var rx = HeadPlacement.Rotation(0.2, 0, 0);
        var ry = HeadPlacement.Rotation(0, -0.4, 0);
        var rz = HeadPlacement.Rotation(0, 0, 0.15);
        Assert.That(HeadPlacement.Rotation(0.2, -0.4, 0.15), Is.EqualTo(Multiply(Multiply(rx, ry), rz)).Within(1e-14).AsCollection);
    }

    [Test]
    public void HeadTurnsAboutTheNeckPivot()
    {
        var pose = new HeadPose(0.3, -0.5, 0.2, 0.1, -0.05, 0.4);
        var transform = HeadPlacement.HeadToCamera(pose);
        var (px, py, pz) = HeadPlacement.NeckPivot;
        var (rx, ry, rz) = HeadPlacement.RestTranslation;
        var moved = transform.Apply(px, py, pz);

        // The pivot only translates (rest translation plus the pose offsets); every other point turns about it.
        Assert.That(new[] { moved.X, moved.Y, moved.Z }, Is.EqualTo(new[] { px + rx + pose.Tx, py + ry + pose.Ty, pz + rz + pose.Tz }).Within(1e-12).AsCollection);
    }

    [Test]
    public void CameraToWorld_IsTheInverseOfHeadToCamera_InWorldScale()
    {
        var transform = HeadPlacement.HeadToCamera(new HeadPose(-0.2, 0.35, 0.1, 0.02, 0.04, -0.3));
        var c2w = transform.CameraToWorld(HeadPlacement.WorldScale);
        (double X, double Y, double Z)[] points = [(0.3, 0.2, 0.9), (-0.7, -0.4, 0.1), (0, 1.1, -0.5)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(c2w[12..], Is.EqualTo(new double[] { 0, 0, 0, 1 }).AsCollection);
            foreach (var (x, y, z) in points)
            {
                var camera = transform.Apply(x, y, z);

                // world = head / 10; c2w maps camera / 10 back to it.
                double cx = camera.X / 10, cy = camera.Y / 10, cz = camera.Z / 10;
                var world = new[]
                {
                    (c2w[0] * cx) + (c2w[1] * cy) + (c2w[2] * cz) + c2w[3],
                    (c2w[4] * cx) + (c2w[5] * cy) + (c2w[6] * cz) + c2w[7],
                    (c2w[8] * cx) + (c2w[9] * cy) + (c2w[10] * cz) + c2w[11],
                };
                Assert.That(world, Is.EqualTo(new[] { x / 10, y / 10, z / 10 }).Within(1e-12).AsCollection);
            }
        }
    }

    [Test]
    public void Projection_FollowsTheTrackerConvention()
    {
        var camera = HeadPlacement.Camera(128, 96);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(camera.Focal, Is.EqualTo(HeadPlacement.FocalPerWidth * 128));
            Assert.That(camera.Project(0, 0, -7), Is.EqualTo((64.0, 48.0)), "optical axis hits (W/2, H/2)");
            Assert.That(camera.Project(1, 0, -7).U, Is.GreaterThan(64), "+X is right");
            Assert.That(camera.Project(0, 1, -7).V, Is.LessThan(48), "+Y is up");
        }
    }

    [Test]
    public void RestHead_FillsAboutHalfTheFrameWidth()
    {
        var camera = HeadPlacement.Camera(256, 256);
        var (_, _, z) = HeadPlacement.RestTranslation;
        var left = camera.Project(-0.75, 0, z + 0.2).U;
        var right = camera.Project(0.75, 0, z + 0.2).U;
        Assert.That((right - left) / 256, Is.InRange(0.4, 0.55));
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    m[(i * 3) + j] += a[(i * 3) + k] * b[(k * 3) + j];
                }
            }
        }

        return m;
    }
}
