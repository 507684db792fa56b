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

    [Test]
    public async Task Should_use_the_requested_ssim_variant_and_name_it()
    {
        using var dir = new TempDirectory();
        // A noisy pair: zero padding (3dgs-zero-pad) and the valid region give different SSIM means.
        var rng = new Random(3);
        var pred = new byte[24 * 24 * 3];
        var gt = new byte[24 * 24 * 3];
        rng.NextBytes(pred);
        for (var i = 0; i < gt.Length; i++)
        {
            gt[i] = (byte)Math.Clamp(pred[i] + rng.Next(-40, 41), 0, 255);
        }

        PngFile.Write(dir.Combine("pred.png"), new ByteImage(24, 24, 3, pred));
        PngFile.Write(dir.Combine("gt.png"), new ByteImage(24, 24, 3, gt));

        var canonical = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("pred.png"), "--gt", dir.Combine("gt.png"), "--json");
        var padded = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("pred.png"), "--gt", dir.Combine("gt.png"), "--json", "--ssim-variant", "3dgs-zero-pad");
        var text = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("pred.png"), "--gt", dir.Combine("gt.png"), "--ssim-variant", "skimage_default_7x7");

        Assert.That(canonical.Code + padded.Code + text.Code, Is.EqualTo(0), canonical.Error + padded.Error + text.Error);
        using var a = JsonDocument.Parse(canonical.Out);
        using var b = JsonDocument.Parse(padded.Out);
        Assert.That(a.RootElement.GetProperty("ssimVariant").GetString(), Is.EqualTo("gaussian11-valid"));
        Assert.That(b.RootElement.GetProperty("ssimVariant").GetString(), Is.EqualTo("3dgs-zero-pad"));
        Assert.That(b.RootElement.GetProperty("ssim").GetProperty("mean").GetDouble(), Is.Not.EqualTo(a.RootElement.GetProperty("ssim").GetProperty("mean").GetDouble()).Within(1e-4));
        Assert.That(text.Out, Does.Contain("SSIM variant skimage-default-7x7"));
    }

    [Test]
    public async Task Should_exit_2_for_an_unknown_ssim_variant()
    {
        using var dir = new TempDirectory();
        PngFile.Write(dir.Combine("a.png"), Solid(1));

        var result = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("a.png"), "--gt", dir.Combine("a.png"), "--ssim-variant", "box");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("gaussian11-valid, 3dgs-zero-pad, skimage-default-7x7"));
    }

    private static ByteImage Solid(byte value)
    {
        var pixels = Enumerable.Repeat(value, 16 * 16 * 3).ToArray();
        return new ByteImage(16, 16, 3, pixels);
    }
}
