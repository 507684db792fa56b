using System.Text.Json;
using NUnit.Framework;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Cli.Tests;

public class DatasetCommandTests
{
    [Test]
    public async Task Should_print_the_summary_and_exit_0_for_a_clean_dataset()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);

        var result = await CliHarness.Run("dataset", "check", dir.Path);

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Error, Is.Empty);
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("frame_count").GetInt32(), Is.EqualTo(12));
        Assert.That(json.RootElement.GetProperty("train_count").GetInt32(), Is.EqualTo(10));
        Assert.That(json.RootElement.GetProperty("errors").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Should_list_errors_with_their_files_and_exit_1()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AuRows = 10, Parsing = null });
        File.Delete(Path.Combine(dir.Path, "ori_imgs", "3.lms"));
        var jsonOut = Path.Combine(dir.Path, "out", "check.json");

        var result = await CliHarness.Run("dataset", "check", dir.Path, "--json-out", jsonOut);

        Assert.That(result.Code, Is.EqualTo(1));
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.StartsWith($"error: {Path.Combine("ori_imgs", "3.lms")}: "));
        Assert.That(lines, Has.Some.StartsWith("error: au.csv: ").And.Some.Contains("10 rows"));
        Assert.That(lines, Has.Some.StartsWith("warning: parsing: "));
        Assert.That(result.Error, Does.Not.Contain("   at "));
        using var file = JsonDocument.Parse(File.ReadAllText(jsonOut));
        Assert.That(file.RootElement.GetProperty("issues").GetArrayLength(), Is.EqualTo(lines.Length));
        Assert.That(file.RootElement.GetProperty("summary").GetProperty("errors").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_report_missing_transforms_as_errors()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Transforms = false });

        var result = await CliHarness.Run("dataset", "check", dir.Path);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("error: transforms_train.json: is missing").And.Contain("error: transforms_val.json: is missing"));
    }

    [Test]
    public async Task Should_honour_fps_and_parsing_order_options()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Parsing = Research.Datasets.ErNerf.ParsingChannelOrder.Bgr });

        var result = await CliHarness.Run("dataset", "check", dir.Path, "--fps", "30", "--parsing-order", "bgr", "--sample", "3");

        Assert.That(result.Code, Is.EqualTo(1), "12 frames at 30 fps do not match 0.48 s of audio");
        Assert.That(result.Error, Does.Contain("error: aud.wav: ").And.Contain("at 30 fps"));
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("parsing_channel_order").GetString(), Is.EqualTo("bgr"));
        Assert.That(json.RootElement.GetProperty("parsing_channel_order_source").GetString(), Is.EqualTo("forced"));
        Assert.That(json.RootElement.GetProperty("sample").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_exit_2_for_user_errors()
    {
        using var dir = new TempDirectory();
        var missing = await CliHarness.Run("dataset", "check", Path.Combine(dir.Path, "nope"));
        var badSample = await CliHarness.Run("dataset", "check", dir.Path, "--sample", "0");
        var badOrder = await CliHarness.Run("dataset", "check", dir.Path, "--parsing-order", "grb");

        Assert.That(missing.Code, Is.EqualTo(2));
        Assert.That(missing.Error, Does.StartWith("error: dataset folder not found"));
        Assert.That(badSample.Code, Is.EqualTo(2));
        Assert.That(badSample.Error, Does.Contain("--sample"));
        Assert.That(badOrder.Code, Is.EqualTo(2));
        Assert.That(missing.Error + badSample.Error + badOrder.Error, Does.Not.Contain("   at "));
    }
}
