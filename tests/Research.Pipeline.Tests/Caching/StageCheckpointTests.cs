using NUnit.Framework;
using Research.Pipeline.Caching;
using Research.Pipeline.Execution;
using Research.Pipeline.Storage;
using Research.Testing;

namespace Research.Pipeline.Tests.Caching;

public class StageCheckpointTests
{
    // A "training" stage that counts to `iterations`, saving its counter to the checkpoint folder after every step and
    // resuming from it; `stopAt` cancels the run after that step (a killed run).
    private static StageDefinition Counting(int iterations, List<string> log, int? stopAt, CancellationTokenSource cancel) => new()
    {
        Id = "job/train",
        Name = "train",
        CodeVersion = 1,
        Parameters = new { Iterations = iterations },
        Seed = 1,
        Execute = ctx =>
        {
            Assert.That(ctx.CheckpointDirectory, Is.Not.Null);
            var file = Path.Combine(ctx.CheckpointDirectory!, "step.txt");
            var start = File.Exists(file) ? int.Parse(File.ReadAllText(file), System.Globalization.CultureInfo.InvariantCulture) : 0;
            log.Add($"start {start}");
            for (var i = start + 1; i <= iterations; i++)
            {
                ctx.Cancellation.ThrowIfCancellationRequested();
                Directory.CreateDirectory(ctx.CheckpointDirectory!);
                File.WriteAllText(file, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (i == stopAt)
                {
                    cancel.Cancel();
                }
            }

            File.WriteAllText(Path.Combine(ctx.OutputDirectory, "model.txt"), iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        },
    };

    private static Task<IReadOnlyList<StageOutcome>> Run(string cache, StageDefinition stage, CancellationTokenSource cancel) =>
        new StageExecutor(new StageCache(cache), new RecordingObserver(), 1, null).RunAsync([stage], new HashSet<string>(), cancel.Token);

    private static async Task<bool> Cancelled(Func<Task> run)
    {
        try
        {
            await run();
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    [Test]
    public async Task Should_resume_a_cancelled_stage_from_its_checkpoint_folder_and_remove_it_after_the_commit()
    {
        using var dir = new TempDirectory();
        var cache = dir.Combine("cache");
        var log = new List<string>();

        using (var cancel = new CancellationTokenSource())
        {
            Assert.That(await Cancelled(() => Run(cache, Counting(10, log, 4, cancel), cancel)), Is.True);
        }

        var checkpoints = Directory.GetDirectories(Path.Combine(cache, "checkpoints"));
        Assert.That(checkpoints, Has.Length.EqualTo(1), "the killed stage's checkpoint folder survives");

        // Another config (another key) starts from scratch and does not touch the first folder.
        using (var cancel = new CancellationTokenSource())
        {
            Assert.That(await Cancelled(() => Run(cache, Counting(12, log, 2, cancel), cancel)), Is.True);
        }

        using (var cancel = new CancellationTokenSource())
        {
            var outcomes = await Run(cache, Counting(10, log, null, cancel), cancel);
            Assert.That(outcomes.Single().Status, Is.EqualTo(StageStatus.Completed));
        }

        Assert.That(log, Is.EqualTo(new[] { "start 0", "start 0", "start 4" }));
        Assert.That(Directory.Exists(checkpoints[0]), Is.False, "removed once the stage committed");
        Assert.That(Directory.GetDirectories(Path.Combine(cache, "checkpoints")), Has.Length.EqualTo(1), "the other config's folder stays until it completes");
    }

    [Test]
    public void Should_name_the_checkpoint_folder_by_the_stage_key()
    {
        var cache = new StageCache("/tmp/cache-root");
        Assert.That(cache.CheckpointDirectory("abc123"), Is.EqualTo(Path.Combine(Path.GetFullPath("/tmp/cache-root"), "checkpoints", "abc123")));
    }

    [Test]
    public async Task Should_hash_volatile_outputs_by_presence_only()
    {
        using var dir = new TempDirectory();
        StageDefinition Timed(IReadOnlyList<string> volatileOutputs) => new()
        {
            Id = "job/train",
            Name = "train",
            CodeVersion = 1,
            VolatileOutputs = volatileOutputs,
            Execute = ctx =>
            {
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "model.txt"), "same");
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "curves.csv"), Guid.NewGuid().ToString());
                return Task.CompletedTask;
            },
        };

        async Task<string> Hash(IReadOnlyList<string> volatileOutputs) =>
            (await new StageExecutor(new StageCache(dir.Combine("cache")), new RecordingObserver(), 1, null).RunAsync([Timed(volatileOutputs)], new HashSet<string> { "train" }, CancellationToken.None)).Single().OutputHash!;

        var first = await Hash(["curves.csv"]);
        var second = await Hash(["curves.csv"]);
        var plainFirst = await Hash([]);
        var plainSecond = await Hash([]);
        Assert.That(second, Is.EqualTo(first), "a re-run with other timings keeps the output hash");
        Assert.That(plainSecond, Is.Not.EqualTo(plainFirst), "without the declaration the content counts");
        Assert.That(ContentHasher.HashPath(dir.Path, _ => false), Is.EqualTo(ContentHasher.HashPath(dir.Path)));
    }

    [Test]
    public async Task Should_keep_the_newest_volatile_files_and_leave_published_links_alone()
    {
        using var dir = new TempDirectory();
        var timings = new Queue<string>(["run 1", "run 2"]);
        var stage = new StageDefinition
        {
            Id = "job/train",
            Name = "train",
            CodeVersion = 1,
            VolatileOutputs = ["curves.csv"],
            Execute = ctx =>
            {
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "model.txt"), "same");
                File.WriteAllText(Path.Combine(ctx.OutputDirectory, "curves.csv"), timings.Dequeue());
                return Task.CompletedTask;
            },
        };
        var cache = new StageCache(dir.Combine("cache"));
        async Task<string> Run() =>
            (await new StageExecutor(cache, new RecordingObserver(), 1, null).RunAsync([stage], new HashSet<string> { "train" }, CancellationToken.None)).Single().OutputPath!;

        var first = await Run();
        var published = dir.Combine("published.csv");
        FileTree.LinkOrCopyFile(Path.Combine(first, "curves.csv"), published);
        var second = await Run();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first), "same content hash, same object");
            Assert.That(File.ReadAllText(Path.Combine(second, "curves.csv")), Is.EqualTo("run 2"), "a forced re-run's timings replace the cached ones");
            Assert.That(File.ReadAllText(Path.Combine(second, "model.txt")), Is.EqualTo("same"));
            Assert.That(File.ReadAllText(published), Is.EqualTo("run 1"), "a run folder linked earlier keeps its copy");
        });
    }
}
