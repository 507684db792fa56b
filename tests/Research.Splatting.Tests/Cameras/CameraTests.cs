using System.Text;
using NUnit.Framework;
using Research.Splatting.Cameras;

namespace Research.Splatting.Tests.Cameras;

[TestFixture]
public sealed class CameraTests
{
    private static Matrix4d RotationY(double angle, double tx, double ty, double tz)
    {
        var c = Math.Cos(angle);
        var s = Math.Sin(angle);
        return new Matrix4d([c, 0, s, tx, 0, 1, 0, ty, -s, 0, c, tz, 0, 0, 0, 1]);
    }

    [Test]
    public void IdentityPoseFlipsYAndZ()
    {
        var cam = Camera.FromFocal(512, 256, 1000, Matrix4d.Identity);
        var expected = new Matrix4d([1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1]);
        Assert.That(cam.WorldToCamera.MaxAbsDifference(expected), Is.Zero);
        Assert.That(cam.FovX, Is.EqualTo(2 * Math.Atan(512 / 2000.0)).Within(1e-15));
        Assert.That(cam.FovY, Is.EqualTo(2 * Math.Atan(256 / 2000.0)).Within(1e-15));
        Assert.That(cam.Center, Is.EqualTo((0.0, 0.0, 0.0)));
    }

    [Test]
    public void ProjectionMatrixHasKnownValues()
    {
        var p = Camera.ProjectionMatrix(0.01, 100, Math.PI / 2, Math.PI / 2);
        Assert.That(p[0, 0], Is.EqualTo(1).Within(1e-12));
        Assert.That(p[1, 1], Is.EqualTo(1).Within(1e-12));
        Assert.That(p[3, 2], Is.EqualTo(1));
        Assert.That(p[2, 2], Is.EqualTo(100 / 99.99).Within(1e-12));
        Assert.That(p[2, 3], Is.EqualTo(-1 / 99.99).Within(1e-12));
        Assert.That(p[3, 3], Is.Zero);
    }

    [Test]
    public void RotatedPoseRoundTrips()
    {
        var gl = RotationY(0.7, 0.1, -0.2, 1.5);
        var cam = Camera.FromFocal(450, 450, 1200, gl);
        Assert.That(Camera.ColmapToGl(cam.CameraToWorld).MaxAbsDifference(gl), Is.Zero);
        Assert.That(cam.WorldToCamera.Multiply(cam.CameraToWorld).MaxAbsDifference(Matrix4d.Identity), Is.LessThan(1e-15));
        Assert.That(cam.Center.X, Is.EqualTo(0.1));
        Assert.That(cam.Center.Z, Is.EqualTo(1.5));

        // The camera centre maps to the view-space origin.
        var o = cam.WorldToCamera.Transform(0.1, -0.2, 1.5);
        Assert.That(Math.Abs(o.X) + Math.Abs(o.Y) + Math.Abs(o.Z), Is.LessThan(1e-15));
    }

    [Test]
    public void PointInFrontProjectsToExpectedPixel()
    {
        // GL camera looks down its −z axis; put it at (0, 0, 2) rotated about y, and a point 1 unit ahead, offset right and up.
        var gl = RotationY(0.3, 0, 0, 2);
        var cam = Camera.FromFocal(640, 480, 500, gl);
        double Col(int r, int c) => gl[r, c];
        (double, double, double) Ahead(double right, double up, double depth) =>
            (Col(0, 0) * right + Col(0, 1) * up - Col(0, 2) * depth + Col(0, 3),
             Col(1, 0) * right + Col(1, 1) * up - Col(1, 2) * depth + Col(1, 3),
             Col(2, 0) * right + Col(2, 1) * up - Col(2, 2) * depth + Col(2, 3));
        var (x, y, z) = Ahead(0.1, 0.05, 1.0);
        var (u, v, d) = cam.ProjectToPixel(x, y, z);
        Assert.That(d, Is.EqualTo(1.0).Within(1e-12));
        // Right → larger u; up (GL) → smaller v (image y points down). Centre pixel is (W−1)/2.
        Assert.That(u, Is.EqualTo(((640 - 1) / 2.0) + (500 * 0.1)).Within(1e-9));
        Assert.That(v, Is.EqualTo(((480 - 1) / 2.0) - (500 * 0.05)).Within(1e-9));
    }

    [Test]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => Camera.FromFocal(0, 10, 1, Matrix4d.Identity));
        Assert.Throws<ArgumentException>(() => Camera.FromFocal(10, 10, -1, Matrix4d.Identity));
        Assert.Throws<ArgumentException>(() => Camera.FromFocal(10, 10, 1, new Matrix4d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1])));
    }

    [Test]
    public void CameraFileReadsFields()
    {
        var json = """{"width": 512, "height": 512, "focal": 1200.5, "extra": 1, "transform_matrix": [[1,0,0,0.1],[0,1,0,0.2],[0,0,1,0.3],[0,0,0,1]]}""";
        var cam = CameraFile.Parse(Encoding.UTF8.GetBytes(json), "cam.json");
        Assert.That(cam.Width, Is.EqualTo(512));
        Assert.That(cam.Fx, Is.EqualTo(1200.5));
        Assert.That(cam.Center, Is.EqualTo((0.1, 0.2, 0.3)));
    }

    [TestCase("""{"height": 5, "focal": 1, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""", "width")]
    [TestCase("""{"width": 5, "height": 5.5, "focal": 1, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""", "height")]
    [TestCase("""{"width": 5, "height": 5, "focal": "x", "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""", "focal")]
    [TestCase("""{"width": 5, "height": 5, "focal": 1, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0]]}""", "transform_matrix")]
    [TestCase("""{"width": 5, "height": 5, "focal": 1, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,"a"],[0,0,0,1]]}""", "transform_matrix[2][3]")]
    [TestCase("""[1]""", "top level")]
    [TestCase("""{not json""", "not valid JSON")]
    public void CameraFileErrorsNameFileAndField(string json, string field)
    {
        var e = Assert.Throws<InvalidDataException>(() => CameraFile.Parse(Encoding.UTF8.GetBytes(json), "my/cam.json"));
        Assert.That(e!.Message, Does.Contain("my/cam.json"));
        Assert.That(e.Message, Does.Contain(field));
    }
}
