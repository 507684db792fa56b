using System.Text.Json;
using NUnit.Framework;
using Research.Testing;

namespace Research.Cli.Tests;

public class DatasetSynthTests
{
    [Test]
    public async Task Should_generate_a_dataset_that_the_checker_accepts_without_issues()
    {
        using var scratch = new TempDirectory();
        var output = scratch.Combine("synth");

        var synth = await CliHarness.Run("dataset", "synth", "--out", output, "--seconds", "1.2", "--resolution", "64", "--no-video");
        var check = await CliHarness.Run("dataset", "check", output);

        Assert.That(synth.Code, Is.EqualTo(0), synth.Error);
        Assert.That(check.Code, Is.EqualTo(0), check.Error);
        Assert.That(check.Error, Is.Empty, "a synthetic dataset is complete and consistent: no warnings either");
        using var json = JsonDocument.Parse(check.Out);
        Assert.That(json.RootElement.GetProperty("frame_count").GetInt32(), Is.EqualTo(30));
        Assert.That(json.RootElement.GetProperty("train_count").GetInt32(), Is.EqualTo(27), "int(30 * 10 / 11)");
        Assert.That(json.RootElement.GetProperty("width").GetInt32(), Is.EqualTo(64));
        Assert.That(Directory.GetFiles(Path.Combine(output, "synthetic")), Is.Not.Empty);
    }

    [Test]
    public async Task Should_refuse_a_non_empty_output_folder_and_leave_it_untouched()
    {
        using var scratch = new TempDirectory();
        var output = scratch.Combine("taken");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine");

        var result = await CliHarness.Run("dataset", "synth", "--out", output, "--seconds", "1", "--resolution", "64", "--no-video");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("exists and is not empty"));
        Assert.That(Directory.GetFileSystemEntries(output), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Should_reject_bad_options_with_a_message_and_no_output()
    {
        using var scratch = new TempDirectory();
        var output = scratch.Combine("bad");

        var result = await CliHarness.Run("dataset", "synth", "--out", output, "--seconds", "-1");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("econds"));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace for a user mistake");
        Assert.That(Directory.Exists(output), Is.False);
    }
}
