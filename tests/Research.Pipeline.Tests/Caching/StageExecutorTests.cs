using NUnit.Framework;
using Research.Pipeline.Caching;
using Research.Pipeline.Execution;
using Research.Testing;

namespace Research.Pipeline.Tests.Caching;

public class StageExecutorTests
{
    private sealed class Counter
    {
        public Dictionary<string, int> Runs { get; } = [];

        public void Hit(string id) => Runs[id] = Runs.GetValueOrDefault(id) + 1;
    }

    private static List<StageDefinition> Graph(Counter counter, string inputFile, int iterations, Func<string, bool>? fail = null) =>
    [
        new()
        {
            Id = "data/prepare",
            Name = "prepare",
            CodeVersion = 1,
            Inputs = [StageInput.FromPath("video", inputFile)],
            Execute = ctx =>
            {
                counter.Hit("prepare");
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "frames.txt"), File.ReadAllText(ctx.Input("video")).ToUpperInvariant());
                return Task.CompletedTask;
            },
        },
        new()
        {
            Id = "job/train",
            Name = "train",
            CodeVersion = 1,
            Parameters = new { Method = new { Iterations = iterations } },
            Seed = 42,
            Inputs = [StageInput.FromStage("data", "data/prepare")],
            Execute = ctx =>
            {
                counter.Hit("train");
                if (fail?.Invoke("train") == true)
                {
                    throw new InvalidOperationException("boom");
                }

                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "model.txt"), File.ReadAllText(Path.Combine(ctx.Input("data"), "frames.txt")) + iterations);
                return Task.CompletedTask;
            },
        },
        new()
        {
            Id = "job/evaluate",
            Name = "evaluate",
            CodeVersion = 1,
            Inputs = [StageInput.FromStage("model", "job/train")],
            Execute = ctx =>
            {
                counter.Hit("evaluate");
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "metrics.txt"), File.ReadAllText(Path.Combine(ctx.Input("model"), "model.txt")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            },
        },
    ];

    private static async Task<(IReadOnlyList<StageOutcome> Outcomes, RecordingObserver Observer)> Run(string cache, List<StageDefinition> graph, params string[] force)
    {
        var observer = new RecordingObserver();
        var outcomes = await new StageExecutor(new StageCache(cache), observer, 1, null).RunAsync(graph, new HashSet<string>(force), CancellationToken.None);
        return (outcomes, observer);
    }

    [Test]
    public async Task Should_do_no_work_on_a_second_identical_run()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("clip.txt");
        await File.WriteAllTextAsync(input, "abc");
        var counter = new Counter();

        var first = await Run(dir.Combine("cache"), Graph(counter, input, 10));
        var second = await Run(dir.Combine("cache"), Graph(counter, input, 10));

        Assert.That(first.Outcomes.Select(o => o.Status), Is.All.EqualTo(StageStatus.Completed));
        Assert.That(second.Outcomes.Select(o => o.Status), Is.All.EqualTo(StageStatus.Hit));
        Assert.That(counter.Runs.Values, Is.All.EqualTo(1));
        Assert.That(second.Outcomes.Select(o => o.OutputHash), Is.EqualTo(first.Outcomes.Select(o => o.OutputHash)));
    }

    [Test]
    public async Task Should_rerun_only_affected_stages_and_say_why()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("clip.txt");
        await File.WriteAllTextAsync(input, "abc");
        var counter = new Counter();
        await Run(dir.Combine("cache"), Graph(counter, input, 2000));

        var changedParams = await Run(dir.Combine("cache"), Graph(counter, input, 3000));
        await File.WriteAllTextAsync(input, "xyz");
        var changedInput = await Run(dir.Combine("cache"), Graph(counter, input, 3000));

        Assert.That(changedParams.Observer.Started, Is.EqualTo(new[]
        {
            ("job/train", "params changed: method.iterations 2000 → 3000"),
            ("job/evaluate", "input changed: model"),
        }));
        Assert.That(changedParams.Outcomes[0].Status, Is.EqualTo(StageStatus.Hit));
        Assert.That(changedInput.Observer.Started[0], Is.EqualTo(("data/prepare", "input changed: video")));
    }

    [Test]
    public async Task Should_resume_after_a_failure_without_repeating_completed_stages()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("clip.txt");
        await File.WriteAllTextAsync(input, "abc");
        var counter = new Counter();

        var failed = await Run(dir.Combine("cache"), Graph(counter, input, 5, fail: _ => true));
        var resumed = await Run(dir.Combine("cache"), Graph(counter, input, 5));

        Assert.That(failed.Outcomes.Select(o => o.Status), Is.EqualTo(new[] { StageStatus.Completed, StageStatus.Failed, StageStatus.Skipped }));
        Assert.That(failed.Outcomes[1].Error, Is.EqualTo("boom"));
        Assert.That(resumed.Outcomes.Select(o => o.Status), Is.EqualTo(new[] { StageStatus.Hit, StageStatus.Completed, StageStatus.Completed }));
        Assert.That(counter.Runs["prepare"], Is.EqualTo(1));
        Assert.That(Directory.GetDirectories(dir.Combine("cache", "tmp")), Is.Empty, "failed work is cleaned up");
    }

    [Test]
    public async Task Should_rerun_forced_stages_by_name()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("clip.txt");
        await File.WriteAllTextAsync(input, "abc");
        var counter = new Counter();
        await Run(dir.Combine("cache"), Graph(counter, input, 1));

        var forced = await Run(dir.Combine("cache"), Graph(counter, input, 1), "train");

        Assert.That(forced.Observer.Started.Select(s => s.Reason), Is.EqualTo(new[] { "forced (--force train)" }));
        Assert.That(forced.Outcomes[2].Status, Is.EqualTo(StageStatus.Hit), "identical output: downstream still hits");
    }

    [Test]
    public void Should_plan_hits_misses_and_waits_without_running()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("clip.txt");
        File.WriteAllText(input, "abc");
        var counter = new Counter();

        var plan = new StageExecutor(new StageCache(dir.Combine("cache")), new RecordingObserver(), 1, null).Plan(Graph(counter, input, 1), new HashSet<string>());

        Assert.That(plan.Select(p => p.Status), Is.EqualTo(new[] { StageStatus.Miss, StageStatus.Pending, StageStatus.Pending }));
        Assert.That(plan[0].Reason, Is.EqualTo("never run"));
        Assert.That(counter.Runs, Is.Empty);
    }
}
