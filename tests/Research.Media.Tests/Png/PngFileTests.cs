using NUnit.Framework;
using Research.Media.Png;
using Research.Testing;

namespace Research.Media.Tests.Png;

public sealed class PngFileTests
{
    [Test]
    public void Write_then_read_replaces_existing_file_and_leaves_no_temporary()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("frame.png");
        File.WriteAllText(path, "old content");
        var image = PngTestImages.Noise(5, 4, 3, seed: 1);

        PngFile.Write(path, image);

        PngRoundTripTests.AssertSame(PngFile.Read(path), image);
        Assert.That(Directory.GetFiles(dir.Path), Is.EquivalentTo(new[] { path }));
    }

    [Test]
    public void Failed_write_leaves_no_temporary_behind()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("frame.png");
        Directory.CreateDirectory(path); // The final rename onto a folder fails.

        Assert.That(() => PngFile.Write(path, PngTestImages.Noise(2, 2, 1, seed: 2)), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }

    [Test]
    public void Read_reports_the_path_in_format_errors()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("broken.png");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.That(() => PngFile.Read(path), Throws.TypeOf<MediaFormatException>().With.Message.StartsWith(path + ": "));
    }
}
