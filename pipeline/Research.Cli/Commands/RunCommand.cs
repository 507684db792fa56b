using System.CommandLine;
using Research.Cli.Observers;
using Research.Methods;
using Research.Pipeline.Execution;
using Research.Stages.Running;
using Spectre.Console;

namespace Research.Cli.Commands;

/// <summary><c>research run</c>: executes the plan and writes the run folder.</summary>
internal static class RunCommand
{
    public static Command Create(CliIo io)
    {
        var shared = new SharedOptions();
        var runDir = new Option<string?>("--run-dir") { Description = "Write into this run folder (shared by shards) instead of runs/<experiment>/<timestamp>/." };
        var command = new Command("run", "Run an experiment: every stage not already cached, then the report.");
        shared.AddTo(command, withRunOptions: true);
        command.Add(runDir);
        command.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var request = shared.Request(parse) with { RunDirectory = parse.GetValue(runDir) };
            var session = new ExperimentSession(MethodRegistry.Default);
            RunResult result;
            if (io.Interactive)
            {
                var console = AnsiConsole.Console;
                result = await console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(ctx => session.RunAsync(request, new SpectreObserver(ctx, console), cancellation)).ConfigureAwait(false);
            }
            else
            {
                result = await session.RunAsync(request, new PlainObserver(io.Out), cancellation).ConfigureAwait(false);
            }

            await io.Out.WriteLineAsync($"run folder: {Path.GetRelativePath(Directory.GetCurrentDirectory(), result.RunDirectory)}").ConfigureAwait(false);
            if (result.ReportPath is not null)
            {
                await io.Out.WriteLineAsync(await File.ReadAllTextAsync(result.ReportPath, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
            }

            var failed = result.Outcomes.Where(o => o.Status is StageStatus.Failed).ToList();
            foreach (var f in failed)
            {
                await io.Error.WriteLineAsync($"stage {f.Stage.Id} failed: {f.Error} (log: {Path.Combine(result.RunDirectory, "logs")})").ConfigureAwait(false);
            }

            return result.Succeeded ? CliApp.Success : CliApp.StageFailed;
        }));
        return command;
    }
}
