using System.CommandLine;
using System.Globalization;
using Research.Datasets.ErNerf;
using Research.Datasets.ErNerf.Checking;
using Research.Media.IO;
using Research.Pipeline.Errors;

namespace Research.Cli.Commands;

/// <summary><c>research dataset check</c>: validates an ER-NeRF layout dataset folder.</summary>
internal static class DatasetCommand
{
    /// <summary>Exit code when the dataset has errors.</summary>
    public const int DatasetHasErrors = 1;

    public static Command Create(CliIo io)
    {
        var directory = new Argument<string>("dir") { Description = "Dataset folder in the ER-NeRF layout (ori_imgs/, parsing/, transforms_train.json, …)." };
        var jsonOut = new Option<string?>("--json-out") { Description = "Also write the summary and every issue as JSON to this file." };
        var fps = new Option<double>("--fps") { Description = "Frame rate for the audio length check (the layout does not store it).", DefaultValueFactory = _ => 25 };
        var sample = new Option<int>("--sample") { Description = "Decode every n-th frame for content checks (parsing, landmarks, teeth); counts and sizes always cover every frame.", DefaultValueFactory = _ => 1 };
        var order = new Option<string>("--parsing-order") { Description = "Channel order of the parsing maps: auto (detect), rgb or bgr.", DefaultValueFactory = _ => "auto" };
        order.AcceptOnlyFromAmong("auto", "rgb", "bgr");
        var check = new Command("check", "Check an ER-NeRF layout dataset: frame counts, sizes, split, cameras, parsing, AUs, audio. Prints a JSON summary; issues go to stderr; exit code 1 when there are errors.")
        {
            directory, jsonOut, fps, sample, order,
        };
        check.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var dir = parse.GetValue(directory)!;
            if (!Directory.Exists(dir))
            {
                throw new UserErrorException($"dataset folder not found: {dir}");
            }

            var fpsValue = parse.GetValue(fps);
            var sampleValue = parse.GetValue(sample);
            if (!(fpsValue > 0) || sampleValue < 1)
            {
                throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"--fps must be positive and --sample at least 1 (got {fpsValue} and {sampleValue})."));
            }

            var options = new DatasetCheckOptions
            {
                Fps = fpsValue,
                Sample = sampleValue,
                ParsingChannelOrder = parse.GetValue(order) switch
                {
                    "rgb" => ParsingChannelOrder.Rgb,
                    "bgr" => ParsingChannelOrder.Bgr,
                    _ => null,
                },
            };
            var report = DatasetChecker.Check(dir, options);
            await io.Out.WriteLineAsync(report.SummaryJson()).ConfigureAwait(false);
            foreach (var issue in report.Issues)
            {
                var label = issue.Severity == DatasetIssueSeverity.Error ? "error" : "warning";
                await io.Error.WriteLineAsync($"{label}: {issue.File}: {issue.Message}").ConfigureAwait(false);
            }

            if (parse.GetValue(jsonOut) is { } outPath)
            {
                try
                {
                    AtomicFile.WriteAllText(outPath, report.ToJson() + "\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UserErrorException($"cannot write --json-out {outPath}: {e.Message}", e);
                }
            }

            return report.HasErrors ? DatasetHasErrors : CliApp.Success;
        }));
        return new Command("dataset", "Inspect datasets.") { check };
    }
}
