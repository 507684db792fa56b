using System.Globalization;
using System.Numerics;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Testing;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class OpenFaceCsvTests
{
    private static readonly string[] Intensity =
        ["AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU10", "AU12", "AU14", "AU15", "AU17", "AU20", "AU23", "AU25", "AU26", "AU45"];

    private static readonly string[] Occurrence =
        ["AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU10", "AU12", "AU14", "AU15", "AU17", "AU20", "AU23", "AU25", "AU26", "AU28", "AU45"];

    private static OpenFaceFrame Frame(int index)
    {
        var landmarks = Enumerable.Range(0, 68).Select(i => new Vector2(100 + i + (index * 0.25f), 200 - i)).ToArray();
        var intensities = Intensity.Select((u, k) => (u, v: ((k + index) % 7) * 0.37)).ToDictionary(p => p.u, p => p.v);
        var occurrences = Occurrence.Select((u, k) => (u, v: (k + index) % 3 == 0)).ToDictionary(p => p.u, p => p.v);
        return new OpenFaceFrame(
            index + 1,
            index / 25.0,
            0.98,
            index != 2,
            new OpenFacePose(12.34, -5.67, 480.04, 0.1234, -0.0456, 0.0071),
            landmarks,
            intensities,
            occurrences);
    }

    [Test]
    public void Header_MatchesOpenFace22SeparatorsAndOrder()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        OpenFaceCsv.Write(path, [Frame(0)]);

        var header = File.ReadAllLines(path)[0];
        var expected = new List<string> { "frame", " face_id", " timestamp", " confidence", " success",
            " pose_Tx", " pose_Ty", " pose_Tz", " pose_Rx", " pose_Ry", " pose_Rz" };
        expected.AddRange(Enumerable.Range(0, 68).Select(i => " x_" + i.ToString(CultureInfo.InvariantCulture)));
        expected.AddRange(Enumerable.Range(0, 68).Select(i => " y_" + i.ToString(CultureInfo.InvariantCulture)));
        expected.AddRange(Intensity.Select(u => " " + u + "_r"));
        expected.AddRange(Occurrence.Select(u => " " + u + "_c"));

        Assert.That(header, Is.EqualTo(string.Join(',', expected)));
        Assert.That(header, Does.StartWith("frame, face_id, timestamp, confidence, success, pose_Tx"));
        Assert.That(header, Does.EndWith(" AU26_c, AU28_c, AU45_c"));
    }

    [Test]
    public void Row_UsesOpenFacePrecisions()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        OpenFaceCsv.Write(path, [Frame(0), Frame(1), Frame(2)]);

        var row = File.ReadAllLines(path)[2].Split(", ");
        Assert.That(row[..11], Is.EqualTo(new[] { "2", "0", "0.040", "0.98", "1", "12.3", "-5.7", "480.0", "0.123", "-0.046", "0.007" }).AsCollection);
        Assert.That(row[11], Is.EqualTo("100.2"), "x_0, one decimal");
        Assert.That(row[11 + 68], Is.EqualTo("200.0"), "y_0");
        Assert.That(row[11 + 136], Is.EqualTo("0.37"), "AU01_r, two decimals");
        Assert.That(row[11 + 136 + 17], Is.EqualTo("0.0"), "AU01_c as 0.0/1.0");
        Assert.That(row[11 + 136 + 17 + 2], Is.EqualTo("1.0"), "AU04_c");
        Assert.That(File.ReadAllLines(path)[3].Split(", ")[4], Is.EqualTo("0"), "success 0");
    }

    [Test]
    public void WriteThenRead_RoundTripsAtWrittenPrecision()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        var frames = Enumerable.Range(0, 5).Select(Frame).ToArray();
        OpenFaceCsv.Write(path, frames);

        var table = OpenFaceCsv.Read(path);

        Assert.That(table.RowCount, Is.EqualTo(5));
        Assert.That(table.Columns, Has.Count.EqualTo(11 + 136 + 17 + 18));
        Assert.That(table.Columns[1], Is.EqualTo("face_id"), "names are trimmed");
        Assert.That(table.Column("frame"), Is.EqualTo(new double[] { 1, 2, 3, 4, 5 }).AsCollection);
        Assert.That(table.Column("timestamp"), Is.EqualTo(frames.Select(f => f.Timestamp)).AsCollection.Within(5e-4));
        Assert.That(table.Column("success"), Is.EqualTo(frames.Select(f => f.Success ? 1.0 : 0.0)).AsCollection);
        foreach (var unit in Intensity)
        {
            Assert.That(table.Column(unit + "_r"), Is.EqualTo(frames.Select(f => f.Intensities[unit])).AsCollection.Within(5e-3), unit);
        }

        foreach (var unit in Occurrence)
        {
            Assert.That(table.Column(" " + unit + "_c"), Is.EqualTo(frames.Select(f => f.Occurrences[unit] ? 1.0 : 0.0)).AsCollection, unit);
        }

        Assert.That(table.Column("y_67"), Is.EqualTo(frames.Select(f => (double)f.Landmarks[67].Y)).AsCollection.Within(0.05));
    }

    [Test]
    public void Write_EmptyAuDictionaries_WriteZerosLikeOpenFace()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        var frame = Frame(0) with { Intensities = new Dictionary<string, double>(), Occurrences = new Dictionary<string, bool>() };
        OpenFaceCsv.Write(path, [frame]);

        var table = OpenFaceCsv.Read(path);
        Assert.That(table.Column("AU45_r")[0], Is.Zero);
        Assert.That(table.Column("AU28_c")[0], Is.Zero);
    }

    [Test]
    public void Write_MissingUnit_Throws()
    {
        using var dir = new TempDirectory();
        var frame = Frame(0);
        var partial = frame.Intensities.Where(p => p.Key != "AU45").ToDictionary(p => p.Key, p => p.Value);
        var e = Assert.Throws<ArgumentException>(() => OpenFaceCsv.Write(dir.Combine("au.csv"), [frame with { Intensities = partial }]));
        Assert.That(e!.Message, Does.Contain("AU45"));
    }

    [Test]
    public void Read_HeadersWithoutSpaces_AndExtraColumns()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        File.WriteAllText(path, "\uFEFFframe,face_id,timestamp,confidence,success,gaze_0_x,eye_lmk_x_0,X_0,p_scale,p_0,AU45_r,AU45_c\r\n"
            + "1,0,0.000,0.98,1,0.1,10.5,3.2,1.1,-0.5,1.25,1.0\r\n"
            + "2,0,0.040,0.97,1,-nan,10.6,3.3,1.1,-0.4,0.50,0.0\r\n");

        var table = OpenFaceCsv.Read(path);

        Assert.That(table.RowCount, Is.EqualTo(2));
        Assert.That(table.HasColumn(" AU45_r"), Is.True);
        Assert.That(table.HasColumn("AU01_r"), Is.False);
        Assert.That(table.Column(" AU45_r"), Is.EqualTo(new[] { 1.25, 0.5 }).AsCollection);
        Assert.That(double.IsNaN(table.Column("gaze_0_x")[1]), Is.True);
    }

    [Test]
    public void Read_MissingColumn_NamesFileAndColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        File.WriteAllText(path, "frame, timestamp\n1, 0.0\n");

        var table = OpenFaceCsv.Read(path);
        var e = Assert.Throws<MediaFormatException>(() => table.Column(" AU45_r"));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("'AU45_r'"));
    }

    [Test]
    public void Read_RaggedRow_NamesTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        File.WriteAllText(path, "frame, AU45_r\n1, 0.5\n2\n");

        var e = Assert.Throws<MediaFormatException>(() => OpenFaceCsv.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("line 3"));
    }

    [Test]
    public void Read_NonNumericCell_NamesColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("au.csv");
        File.WriteAllText(path, "frame, AU45_r\n1, high\n");

        var e = Assert.Throws<MediaFormatException>(() => OpenFaceCsv.Read(path));
        Assert.That(e!.Message, Does.Contain("'AU45_r'").And.Contain("'high'"));
    }
}
