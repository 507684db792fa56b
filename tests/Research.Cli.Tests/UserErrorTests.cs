using NUnit.Framework;
using Research.Testing;

namespace Research.Cli.Tests;

public class UserErrorTests
{
    [Test]
    public async Task Should_exit_2_with_one_clear_message_for_an_unknown_key()
    {
        using var scratch = new TempDirectory();

        var result = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path, "methods.audio-retrieval.neighbors=2")]);

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("error: command-line override #10: unknown key 'neighbors' in 'methods.audio-retrieval.variants.nearest'.").And.Contain("Did you mean 'neighbours'?"));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace for user mistakes");
        Assert.That(Directory.Exists(scratch.Combine("runs")), Is.False, "nothing is written before validation passes");
    }

    [Test]
    public async Task Should_exit_2_for_a_missing_experiment_file_and_a_bad_shard()
    {
        var missing = await CliHarness.Run("run", "experiments/nope.yaml");
        var shard = await CliHarness.Run("run", CliHarness.Quickstart, "--shard", "3/2");

        Assert.That(missing.Code, Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("experiments/nope.yaml").And.Contain("not found"));
        Assert.That(shard.Code, Is.EqualTo(2));
        Assert.That(shard.Error, Does.Contain("--shard '3/2' is not valid"));
    }

    [Test]
    public async Task Should_exit_2_naming_the_key_for_an_unknown_ssim_variant()
    {
        var result = await CliHarness.Run("config", "show", CliHarness.Quickstart, "metrics.ssim_variant=box");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("ssim_variant").And.Contain("3dgs-zero-pad"));
    }

    [Test]
    public async Task Should_show_the_resolved_config_with_overrides()
    {
        var result = await CliHarness.Run("config", "show", CliHarness.Quickstart, "datasets.synthetic.synthetic.seconds=9");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("seconds: 9").And.Contain("bootstrap_resamples: 1000").And.Contain("schema_version: 1"));
    }

    [Test]
    public async Task Should_describe_config_keys_from_xml_docs()
    {
        var result = await CliHarness.Run("config", "describe");
        var method = await CliHarness.Run("config", "describe", "--method", "audio-retrieval");

        Assert.That(result.Out, Does.Contain("experiment.seeds  (a whole number, default 1)").And.Contain("How many seeds each method"));
        Assert.That(method.Out, Does.Contain("methods.<name>.neighbours  (a whole number, default 1)"));
    }
}
