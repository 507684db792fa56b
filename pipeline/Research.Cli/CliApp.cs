using System.CommandLine;
using Research.Cli.Commands;
using Research.Media.Ffmpeg;
using Research.Media;
using Research.Pipeline.Errors;

namespace Research.Cli;

/// <summary>
/// The <c>research</c> command line. Exit codes: 0 success, 1 a stage failed (or <c>dataset check</c> found errors), 2 user error (bad config or command
/// line, missing input); user errors print one message without a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code when a stage failed.</summary>
    public const int StageFailed = 1;

    /// <summary>Exit code for user errors.</summary>
    public const int UserError = 2;

    /// <summary>Runs the CLI with the console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliIo.Console);

    internal static async Task<int> RunAsync(string[] args, CliIo io)
    {
        var root = new RootCommand("Research: reproducible experiments for audio-driven talking-head synthesis.")
        {
            RunCommand.Create(io),
            PlanCommand.Create(io),
            ConfigCommand.Create(io),
            ReportCommand.Create(io),
            MetricsCommand.Create(io),
            MethodsCommand.Create(io),
            DatasetCommand.Create(io),
            BenchCommand.Create(io),
            RenderPlyCommand.Create(io),
            SynthesizeCommand.Create(io),
            ExportCommand.Create(io),
            WeightsCommand.Create(io),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await io.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await io.Error.WriteLineAsync("Run 'research --help' for usage.").ConfigureAwait(false);
            return UserError;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Error }).ConfigureAwait(false);
    }

    /// <summary>Runs a command body, mapping user mistakes to exit code 2 with a one-line message.</summary>
    internal static async Task<int> GuardAsync(CliIo io, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is UserErrorException or MediaFormatException or ToolNotFoundException or FfmpegException)
        {
            await io.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UserError;
        }
        catch (OperationCanceledException)
        {
            await io.Error.WriteLineAsync("cancelled; completed stages are cached and the next run resumes from them.").ConfigureAwait(false);
            return StageFailed;
        }
    }
}
