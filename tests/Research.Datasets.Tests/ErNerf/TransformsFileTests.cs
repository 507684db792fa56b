using System.Text.Json;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Testing;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class TransformsFileTests
{
    private static double[] Matrix(double angle, double tx)
    {
        var c = Math.Cos(angle);
        var s = Math.Sin(angle);
        return [c, 0, s, tx, 0, 1, 0, -0.1, -s, 0, c, 0.7, 0, 0, 0, 1];
    }

    [Test]
    public void WriteThenRead_RoundTripsExactly()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("transforms_train.json");
        var doc = new TransformsDocument(1234.5678, 256, 256, [
            new CameraFrame(0, 0, Matrix(0.1, 0.01)),
            new CameraFrame(1, 1, Matrix(-0.2345678901234, 1e-7)),
        ]);

        TransformsFile.Write(path, doc);
        var read = TransformsFile.Read(path);

        Assert.That(read.FocalLength, Is.EqualTo(doc.FocalLength));
        Assert.That(read.Cx, Is.EqualTo(256.0));
        Assert.That(read.Cy, Is.EqualTo(256.0));
        Assert.That(read.Frames, Has.Count.EqualTo(2));
        for (var f = 0; f < 2; f++)
        {
            Assert.That(read.Frames[f].ImageId, Is.EqualTo(doc.Frames[f].ImageId));
            Assert.That(read.Frames[f].AudioId, Is.EqualTo(doc.Frames[f].AudioId));
            Assert.That(read.Frames[f].TransformMatrix, Is.EqualTo(doc.Frames[f].TransformMatrix).AsCollection, "bit-exact round trip");
        }
    }

    [Test]
    public void Write_UsesErNerfFieldNamesAndNestedRows()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("t.json");
        TransformsFile.Write(path, new TransformsDocument(1200, 225, 225, [new CameraFrame(3, 3, Matrix(0, 0))]));

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.That(root.GetProperty("focal_len").GetDouble(), Is.EqualTo(1200));
        Assert.That(root.GetProperty("cx").GetRawText(), Is.EqualTo("225.0"), "floats written as Python writes them");
        var frame = root.GetProperty("frames")[0];
        Assert.That(frame.GetProperty("img_id").GetRawText(), Is.EqualTo("3"));
        Assert.That(frame.GetProperty("aud_id").GetInt32(), Is.EqualTo(3));
        var rows = frame.GetProperty("transform_matrix");
        Assert.That(rows.GetArrayLength(), Is.EqualTo(4));
        Assert.That(rows[3].EnumerateArray().Select(e => e.GetDouble()), Is.EqualTo(new[] { 0.0, 0, 0, 1 }).AsCollection);
    }

    [Test]
    public void Read_IgnoresUnknownFieldsLikeFaceRect()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("t.json");
        File.WriteAllText(path, """
            {"focal_len": 1100.5, "cx": 225.0, "cy": 225.0, "extra": "x",
             "frames": [{"img_id": 0.0, "aud_id": 0, "face_rect": [1, 2, 3, 4],
               "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0.5],[0,0,0,1]]}]}
            """);

        var doc = TransformsFile.Read(path);

        Assert.That(doc.Frames[0][2, 3], Is.EqualTo(0.5));
        Assert.That(doc.FocalLength, Is.EqualTo(1100.5));
    }

    [TestCase("""{"cx": 1, "cy": 1, "frames": []}""", "focal_len")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1}""", "frames")]
    [TestCase("""{"focal_len": "a", "cx": 1, "cy": 1, "frames": []}""", "focal_len")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [{"aud_id": 0, "transform_matrix": []}]}""", "frames[0].img_id")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [{"img_id": 0, "transform_matrix": []}]}""", "frames[0].aud_id")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [{"img_id": 0, "aud_id": 0}]}""", "frames[0].transform_matrix")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [{"img_id": 0, "aud_id": 0, "transform_matrix": [[1,0,0],[0,1,0],[0,0,1]]}]}""", "frames[0].transform_matrix")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [{"img_id": 1.5, "aud_id": 0, "transform_matrix": []}]}""", "frames[0].img_id")]
    [TestCase("""{"focal_len": 1, "cx": 1, "cy": 1, "frames": [""", "not valid JSON")]
    public void Read_Malformed_NamesFileAndField(string json, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("transforms_val.json");
        File.WriteAllText(path, json);

        var e = Assert.Throws<MediaFormatException>(() => TransformsFile.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain(expected));
    }
}
