using System.Text;
using NUnit.Framework;
using Research.Splatting.Ply;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Ply;

[TestFixture]
public sealed class GaussianPlyTests
{
    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "splat-ply-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private static GaussianPlyData Random(int n, int degree, ulong seed)
    {
        var rng = new Rng(seed);
        float[] R(long count) => [.. Enumerable.Range(0, (int)count).Select(_ => (float)rng.NextNormal())];
        var k = GaussianPlyData.RestCoefficients(degree);
        return new GaussianPlyData(n, degree, R(n * 3), R(n * 3), R(n * 3L * k), R(n), R(n * 3), R(n * 4));
    }

    private static void AssertBitIdentical(GaussianPlyData a, GaussianPlyData b)
    {
        Assert.That(b.Count, Is.EqualTo(a.Count));
        Assert.That(b.ShDegree, Is.EqualTo(a.ShDegree));
        foreach (var (x, y) in new[] { (a.Means, b.Means), (a.FeaturesDc, b.FeaturesDc), (a.FeaturesRest, b.FeaturesRest), (a.Opacities, b.Opacities), (a.Scales, b.Scales), (a.Rotations, b.Rotations) })
        {
            Assert.That(y.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(x.Select(BitConverter.SingleToInt32Bits)));
        }
    }

    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(7, 1)]
    [TestCase(13, 2)]
    [TestCase(5, 3)]
    public void RoundTripIsBitIdentical(int n, int degree)
    {
        var data = Random(n, degree, 42);
        if (n > 0)
        {
            data.Means[0] = BitConverter.Int32BitsToSingle(0x7fc00123); // a NaN payload survives
        }

        var path = Path.Combine(dir, "sub", "point_cloud.ply");
        GaussianPly.Write(path, data);
        var back = GaussianPly.Read(path);
        AssertBitIdentical(data, back);
        var path2 = Path.Combine(dir, "again.ply");
        GaussianPly.Write(path2, back);
        Assert.That(File.ReadAllBytes(path2), Is.EqualTo(File.ReadAllBytes(path)));
        Assert.That(Directory.GetFiles(Path.Combine(dir, "sub")), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public void WriterUsesThe3dgsLayoutWithChannelMajorRest()
    {
        // One Gaussian, degree 1 (K = 3): rest[k, c] = 10k + c.
        var rest = new float[9];
        for (var k = 0; k < 3; k++)
        {
            for (var c = 0; c < 3; c++)
            {
                rest[(k * 3) + c] = (10 * k) + c;
            }
        }

        var data = new GaussianPlyData(1, 1, [1, 2, 3], [4, 5, 6], rest, [7], [8, 9, 10], [11, 12, 13, 14]);
        using var ms = new MemoryStream();
        GaussianPly.Write(ms, data);
        var bytes = ms.ToArray();
        var text = Encoding.ASCII.GetString(bytes);
        var headerEnd = text.IndexOf("end_header\n", StringComparison.Ordinal) + "end_header\n".Length;
        var expectedHeader = "ply\nformat binary_little_endian 1.0\nelement vertex 1\n"
            + string.Concat(GaussianPly.PropertyNames(1).Select(p => "property float " + p + "\n")) + "end_header\n";
        Assert.That(text[..headerEnd], Is.EqualTo(expectedHeader));
        var floats = new float[(bytes.Length - headerEnd) / 4];
        Buffer.BlockCopy(bytes, headerEnd, floats, 0, floats.Length * 4);
        Assert.That(floats, Is.EqualTo(new float[] { 1, 2, 3, 0, 0, 0, 4, 5, 6, 0, 10, 20, 1, 11, 21, 2, 12, 22, 7, 8, 9, 10, 11, 12, 13, 14 }));
    }

    [Test]
    public void HandWrittenHeaderWithExtrasAndOtherOrderIsRead()
    {
        // Degree 0, properties in a different order, an extra double and uchar, a comment, a leading fixed-size element.
        var header = "ply\r\nformat binary_little_endian 1.0\r\ncomment made by hand\r\nelement camera 1\r\nproperty int id\r\n"
            + "element vertex 2\r\nproperty float rot_0\nproperty float rot_1\nproperty float rot_2\nproperty float rot_3\n"
            + "property double extra\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\n"
            + "property float f_dc_0\nproperty float f_dc_1\nproperty float f_dc_2\nproperty float opacity\n"
            + "property float scale_0\nproperty float scale_1\nproperty float scale_2\n"
            + "element face 0\nproperty list uchar int vertex_indices\nend_header\n";
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(header));
        ms.Write(BitConverter.GetBytes(99));
        for (var v = 0; v < 2; v++)
        {
            var b = 100f * v;
            foreach (var f in new[] { b + 1, b + 2, b + 3, b + 4 })
            {
                ms.Write(BitConverter.GetBytes(f));
            }

            ms.Write(BitConverter.GetBytes(3.5));
            foreach (var f in new[] { b + 5, b + 6, b + 7 })
            {
                ms.Write(BitConverter.GetBytes(f));
            }

            ms.WriteByte(200);
            foreach (var f in new[] { b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14 })
            {
                ms.Write(BitConverter.GetBytes(f));
            }
        }

        ms.Position = 0;
        var data = GaussianPly.Read(ms, "hand.ply");
        Assert.That(data.Count, Is.EqualTo(2));
        Assert.That(data.ShDegree, Is.Zero);
        Assert.That(data.Rotations, Is.EqualTo(new float[] { 1, 2, 3, 4, 101, 102, 103, 104 }));
        Assert.That(data.Means, Is.EqualTo(new float[] { 5, 6, 7, 105, 106, 107 }));
        Assert.That(data.FeaturesDc, Is.EqualTo(new float[] { 8, 9, 10, 108, 109, 110 }));
        Assert.That(data.Opacities, Is.EqualTo(new float[] { 11, 111 }));
        Assert.That(data.Scales, Is.EqualTo(new float[] { 12, 13, 14, 112, 113, 114 }));
    }

    private static byte[] Valid(int n = 2) { using var ms = new MemoryStream(); GaussianPly.Write(ms, Random(n, 1, 7)); return ms.ToArray(); }

    private static string Error(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        return Assert.Throws<InvalidDataException>(() => GaussianPly.Read(ms, "bad.ply"))!.Message;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Encoding.Latin1.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    [Test]
    public void MalformedFilesGiveClearErrors()
    {
        var ok = Valid();
        Assert.Multiple(() =>
        {
            Assert.That(Error(ok[..^3]), Does.Contain("bad.ply").And.Contain("truncated"));
            Assert.That(Error(ok[..20]), Does.Contain("bad.ply").And.Contain("end_header"));
            Assert.That(Error(Replace(ok, "element vertex 2", "element vertex 3")), Does.Contain("truncated"));
            Assert.That(Error(Replace(ok, "element vertex 2", "element vertex -2")), Does.Contain("element"));
            Assert.That(Error(Replace(ok, "element vertex 2", "element vertex 99999999999")), Does.Contain("element"));
            Assert.That(Error(Replace(ok, "binary_little_endian", "binary_big_endian")), Does.Contain("binary_little_endian"));
            Assert.That(Error(Replace(ok, "property float opacity", "property float opacitx")), Does.Contain("'opacity'"));
            Assert.That(Error(Replace(ok, "property float f_rest_8", "property float f_rest_9")), Does.Contain("f_rest"));
            Assert.That(Error(Replace(ok, "property float x\n", "property half x\n")), Does.Contain("scalar type"));
            Assert.That(Error(Replace(ok, "ply\n", "plx\n")), Does.Contain("not a PLY"));
            Assert.That(Error(Encoding.ASCII.GetBytes("ply\nformat binary_little_endian 1.0\nend_header\n")), Does.Contain("no 'vertex'"));
        });
    }

    [Test]
    public void ReadFileNamesPathInErrors()
    {
        var path = Path.Combine(dir, "t.ply");
        File.WriteAllBytes(path, Valid()[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => GaussianPly.Read(path));
        Assert.That(e!.Message, Does.Contain(path));
    }
}
