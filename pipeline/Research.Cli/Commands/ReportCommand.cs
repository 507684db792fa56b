using System.CommandLine;
using Research.Stages.Running;

namespace Research.Cli.Commands;

/// <summary><c>research report</c>: (re)writes the report of a run folder, merging shards that share it.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIo io)
    {
        var runDir = new Argument<string>("run-dir") { Description = "A run folder, e.g. runs/quickstart/20261120-101500." };
        var command = new Command("report", "Write report.md and results.csv from every job in a run folder (merges shards).") { runDir };
        command.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var dir = parse.GetValue(runDir)!;
            if (!Directory.Exists(dir))
            {
                throw new Pipeline.Errors.UserErrorException($"run folder not found: {dir}");
            }

            var path = ReportBuilder.Write(dir);
            if (path is null)
            {
                throw new Pipeline.Errors.UserErrorException($"{dir} has no evaluated jobs yet (no jobs/**/metrics.json).");
            }

            await io.Out.WriteAsync(await File.ReadAllTextAsync(path).ConfigureAwait(false)).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return command;
    }
}
