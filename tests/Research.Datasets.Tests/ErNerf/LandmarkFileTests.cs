using System.Numerics;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Testing;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class LandmarkFileTests
{
    private static Vector2[] SamplePoints() =>
        [.. Enumerable.Range(0, 68).Select(i => new Vector2((i * 7.25f) - 3.5f, 500.125f - (i * 3.0625f)))];

    [Test]
    public void WriteThenRead_RoundTripsAtSixDecimals()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("0.lms");
        var points = SamplePoints();

        LandmarkFile.Write(path, points);
        var read = LandmarkFile.Read(path);

        Assert.That(read, Has.Length.EqualTo(68));
        for (var i = 0; i < 68; i++)
        {
            Assert.That(read[i].X, Is.EqualTo(points[i].X).Within(5e-6), $"x{i}");
            Assert.That(read[i].Y, Is.EqualTo(points[i].Y).Within(5e-6), $"y{i}");
        }
    }

    [Test]
    public void Write_FormatsLikeNumpySavetxtPercentF()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("0.lms");
        var points = SamplePoints();
        points[0] = new Vector2(1.5f, -2.25f);

        LandmarkFile.Write(path, points);
        var text = File.ReadAllText(path);

        // np.savetxt(path, lms, '%f'): "%f %f\n" per row.
        Assert.That(text, Does.StartWith("1.500000 -2.250000\n"));
        Assert.That(text.Split('\n'), Has.Length.EqualTo(69), "68 rows and a final newline");
        Assert.That(text, Does.Not.Contain("\r"));
    }

    [Test]
    public void Read_AcceptsAnyWhitespaceAndScientificNotation()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("1.lms");
        var lines = Enumerable.Range(0, 68).Select(i => i == 3 ? "1.000000000000000000e+02\t\t2.5e1" : $"  {i}   {i * 2}.5  ");
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n\r\n");

        var read = LandmarkFile.Read(path);

        Assert.That(read[3], Is.EqualTo(new Vector2(100f, 25f)));
        Assert.That(read[10], Is.EqualTo(new Vector2(10f, 20.5f)));
    }

    [Test]
    public void Read_WrongRowCount_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("2.lms");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("1 2\n", 67)));

        var e = Assert.Throws<MediaFormatException>(() => LandmarkFile.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("67 rows"));
    }

    [Test]
    public void Read_ThreeValuesOnALine_NamesTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("3.lms");
        File.WriteAllText(path, "1 2\n1 2 3\n");

        var e = Assert.Throws<MediaFormatException>(() => LandmarkFile.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("line 2"));
    }

    [Test]
    public void Read_NonNumber_NamesTheValue()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("4.lms");
        File.WriteAllText(path, "1 2\nabc 2\n");

        var e = Assert.Throws<MediaFormatException>(() => LandmarkFile.Read(path));
        Assert.That(e!.Message, Does.Contain("'abc'"));
    }

    [Test]
    public void Write_WrongCount_Throws()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => LandmarkFile.Write(dir.Combine("x.lms"), new Vector2[5]));
    }
}
