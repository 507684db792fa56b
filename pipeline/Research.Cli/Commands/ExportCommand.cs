using System.CommandLine;
using Research.Methods;
using Research.Stages.Synthesis;

namespace Research.Cli.Commands;

/// <summary><c>research export</c>: the PLY files of a trained job of a run.</summary>
internal static class ExportCommand
{
    public static Command Create(CliIo io)
    {
        var run = new Option<string>("--run") { Description = "Run folder (runs/<experiment>/<time>/) or one of its job folders (…/jobs/<dataset>/<method>/<variant>/s<i>/).", Required = true };
        var job = new Option<string?>("--job") { Description = "Job id inside the run, e.g. synthetic/talking-gaussian/full/s0 (optional when only one trained job can export PLY files)." };
        var output = new Option<string>("--out") { Description = "Output folder for the PLY files (TalkingGaussian: face.ply, and mouth.ply when the variant has a mouth branch).", Required = true };
        var command = new Command("export", "Export the Gaussians of a trained job as standard 3DGS PLY files.")
        {
            run, job, output,
        };
        command.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            foreach (var ply in PlyExporter.Export(parse.GetValue(run)!, parse.GetValue(job), parse.GetValue(output)!, MethodRegistry.Default))
            {
                await io.Out.WriteLineAsync($"ply: {ply}").ConfigureAwait(false);
            }

            return CliApp.Success;
        }));
        return command;
    }
}
