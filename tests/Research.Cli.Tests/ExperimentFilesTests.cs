using NUnit.Framework;
using Research.Testing;

namespace Research.Cli.Tests;

/// <summary>Every runnable study in <c>experiments/</c> loads, validates and plans.</summary>
public class ExperimentFilesTests
{
    private static IEnumerable<string> Experiments() =>
        Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot, "experiments"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Experiments))]
    public async Task Should_plan_every_experiment(string file)
    {
        using var scratch = new TempDirectory();
        var plan = await CliHarness.Run(["plan", Path.Combine(CliHarness.RepositoryRoot, "experiments", file), $"run.cache_dir={scratch.Combine("cache")}", $"run.runs_dir={scratch.Combine("runs")}"]);

        Assert.That(plan.Code, Is.EqualTo(0), plan.Error + plan.Out);
        Assert.That(plan.Out, Does.Match(@"\d+ stages: 0 cached, \d+ to run\."));
    }

    [Test]
    public async Task Should_plan_every_talking_gaussian_variant_in_the_ablation()
    {
        using var scratch = new TempDirectory();
        var plan = await CliHarness.Run(["plan", Path.Combine(CliHarness.RepositoryRoot, "experiments", "talkinggaussian_ablation.yaml"), $"run.cache_dir={scratch.Combine("cache")}"]);

        Assert.That(plan.Code, Is.EqualTo(0), plan.Error + plan.Out);
        foreach (var variant in new[] { "full", "no-decomposition", "uniform-sampling", "no-region-attention", "hash-grid" })
        {
            Assert.That(plan.Out, Does.Contain($"synthetic/talking-gaussian/{variant}/s0/train"));
        }
    }
}
