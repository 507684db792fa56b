using NUnit.Framework;
using Research.Methods;
using Research.Pipeline.Execution;
using Research.Stages.Running;
using Research.Testing;

namespace Research.Cli.Tests;

/// <summary>A quickstart run killed inside the talking-gaussian train stage, then run again: it resumes from the checkpoint.</summary>
public class TrainingResumeRunTests
{
    private const string Train = "synthetic/talking-gaussian/default/s0/train";

    // Cancels the run once the given stage reports `stopAt` units of progress (the Ctrl+C of a killed run).
    private sealed class CancelDuring(string stageId, long stopAt, CancellationTokenSource cancel) : IRunObserver
    {
        public void StageStarted(StageDefinition stage, string reason)
        {
        }

        public void StageProgress(StageDefinition stage, StageProgress progress)
        {
            if (stage.Id == stageId && progress.Done >= stopAt)
            {
                cancel.Cancel();
            }
        }

        public void StageFinished(StageOutcome outcome)
        {
        }

        public void Message(string text)
        {
        }
    }

    private static RunRequest Request(string scratch, string runDir) => new()
    {
        ExperimentPath = CliHarness.Quickstart,
        Overrides = CliHarness.Tiny(scratch, "methods.talking-gaussian.checkpoint_interval=5"),
        RunDirectory = runDir,
    };

    [Test]
    public async Task Should_resume_a_killed_train_stage_and_commit_the_same_output_as_an_uninterrupted_run()
    {
        using var scratch = new TempDirectory();
        var session = new ExperimentSession(MethodRegistry.Default);
        var killed = false;
        using (var cancel = new CancellationTokenSource())
        {
            try
            {
                // 12 mouth + 8 face iterations: the latest checkpoint is face iteration 5.
                await session.RunAsync(Request(scratch.Path, scratch.Combine("run-killed")), new CancelDuring(Train, 12 + 8, cancel), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                killed = true;
            }
        }

        Assert.That(killed, Is.True);
        var checkpoints = Directory.GetDirectories(scratch.Combine("cache", "checkpoints"));
        Assert.That(checkpoints, Has.Length.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(checkpoints[0], "checkpoint.safetensors")), Is.True);

        var resumed = await session.RunAsync(Request(scratch.Path, scratch.Combine("run-resumed")), new CancelDuring("none", 0, new CancellationTokenSource()), CancellationToken.None);
        using var fresh = new TempDirectory();
        var uninterrupted = await session.RunAsync(Request(fresh.Path, fresh.Combine("run")), new CancelDuring("none", 0, new CancellationTokenSource()), CancellationToken.None);

        Assert.That(resumed.Succeeded && uninterrupted.Succeeded, Is.True);
        var log = File.ReadAllText(Path.Combine(scratch.Combine("run-resumed"), "logs", Train.Replace('/', '.') + ".log"));
        Assert.That(log, Does.Contain("resuming from ").And.Contain("(face iteration 5/24)"));
        Assert.That(Directory.Exists(checkpoints[0]), Is.False, "the checkpoint folder goes once the stage is committed");
        var trainHash = resumed.Outcomes.Single(o => o.Stage.Id == Train).OutputHash;
        Assert.That(trainHash, Is.EqualTo(uninterrupted.Outcomes.Single(o => o.Stage.Id == Train).OutputHash), "same model bytes; curves.csv is hashed by presence");
        Assert.That(
            File.ReadAllText(Path.Combine(scratch.Combine("run-resumed"), "results.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(fresh.Combine("run"), "results.csv"))));
        var curves = File.ReadAllLines(Path.Combine(scratch.Combine("run-resumed"), "jobs", "synthetic", "talking-gaussian", "default", "s0", "curves.csv"));
        Assert.That(curves, Has.Length.EqualTo(1 + 12 + 24 + 6), "published into the run's job folder");
        Assert.That(curves[0], Does.StartWith("stage,iteration,loss,l1,dssim"));
    }
}
