using System.Text.Json;
using NUnit.Framework;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Testing;

namespace Research.Cli.Tests;

public class MetricsCommandTests
{
    [Test]
    public async Task Should_print_per_frame_and_mean_psnr_as_json()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("pred"));
        Directory.CreateDirectory(dir.Combine("gt"));
        for (var i = 0; i < 2; i++)
        {
            // 64 vs 128 everywhere: MSE = (64/255)^2 → PSNR = 20·log10(255/64), up to float32 rounding of x/255.
            PngFile.Write(dir.Combine("pred", $"{i}.png"), Solid(64));
            PngFile.Write(dir.Combine("gt", $"{i}.png"), Solid(128));
        }

        var result = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("pred"), "--gt", dir.Combine("gt"), "--json");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var expected = 20 * Math.Log10(255.0 / 64.0);
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().ToList();
        Assert.That(frames, Has.Count.EqualTo(2));
        Assert.That(frames[0].GetProperty("psnr").GetDouble(), Is.EqualTo(expected).Within(1e-5));
        Assert.That(json.RootElement.GetProperty("psnr").GetProperty("mean").GetDouble(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public async Task Should_exit_2_when_a_frame_is_missing_from_the_ground_truth()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("pred"));
        Directory.CreateDirectory(dir.Combine("gt"));
        PngFile.Write(dir.Combine("pred", "0.png"), Solid(1));
        PngFile.Write(dir.Combine("gt", "1.png"), Solid(1));

        var result = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("pred"), "--gt", dir.Combine("gt"));

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("0.png").And.Not.Contain("(Parameter"));
    }

    private static ByteImage Solid(byte value)
    {
        var pixels = Enumerable.Repeat(value, 16 * 16 * 3).ToArray();
        return new ByteImage(16, 16, 3, pixels);
    }
}
