using System.CommandLine;
using System.Globalization;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Metrics.Evaluation;
using Research.Metrics.Image;

namespace Research.Cli.Commands;

/// <summary><c>research metrics images</c>: PSNR and SSIM of arbitrary frames.</summary>
internal static class MetricsCommand
{
    public static Command Create(CliIo io)
    {
        var pred = new Option<string>("--pred") { Description = "Predicted PNG, or a folder of PNGs.", Required = true };
        var gt = new Option<string>("--gt") { Description = "Ground-truth PNG, or a folder with the same file names.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print per-frame values and means as JSON." };
        var variant = new Option<string>("--ssim-variant") { Description = "SSIM variant: gaussian11-valid (canonical), 3dgs-zero-pad or skimage-default-7x7.", DefaultValueFactory = _ => "gaussian11-valid" };
        var images = new Command("images", "PSNR and SSIM (canonical: 11×11 Gaussian, valid region) of predicted vs ground-truth frames.") { pred, gt, json, variant };
        images.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            ImageMetricsReport report;
            try
            {
                if (!SsimVariantExtensions.TryParse(parse.GetValue(variant), out var ssimVariant))
                {
                    throw new Pipeline.Errors.UserErrorException($"--ssim-variant '{parse.GetValue(variant)}': use one of {string.Join(", ", Enum.GetValues<SsimVariant>().Select(v => v.ToId()))}.");
                }

                report = new ImageMetricsEvaluator(new ImageMetricsOptions { SsimVariant = ssimVariant.Value }).EvaluatePaths(parse.GetValue(pred)!, parse.GetValue(gt)!, LoadWithoutAlpha);
            }
            catch (ArgumentException e)
            {
                // Missing/mismatched frames and size mismatches are the user's inputs, not a crash.
                var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
                throw new Pipeline.Errors.UserErrorException(message, e);
            }

            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(MetricsJson.Serialize(report)).ConfigureAwait(false);
                return CliApp.Success;
            }

            foreach (var f in report.Frames)
            {
                await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{f.Name}  PSNR {f.Psnr:F3} dB  SSIM {f.Ssim:F4}")).ConfigureAwait(false);
            }

            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"mean  PSNR {report.Psnr.Mean:F3} dB  SSIM {report.Ssim.Mean:F4}  ({report.Frames.Count} frames; SSIM variant {report.SsimVariant})")).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return new Command("metrics", "Compute metrics outside a run.") { images };
    }

    // Alpha is not part of the metric: compare colour (or gray) only.
    private static FloatImage LoadWithoutAlpha(string path) => PngFile.Read(path).WithoutAlpha().ToFloat();
}
