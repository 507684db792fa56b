using Research.Media.Imaging;
using Research.Metrics.Aggregation;
using Research.Metrics.Image;
using Research.Metrics.Pairing;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Evaluates PSNR, SSIM and, when <see cref="ImageMetricsOptions.Lpips"/> is set, LPIPS frame by frame and aggregates them: mean of the per-frame values (as the reference meters do),
/// frame count and a percentile-bootstrap interval. PSNR frames of +∞ (identical to ground truth) are excluded from the
/// PSNR mean and counted in <see cref="MetricAggregate.InfiniteCount"/>.
/// </summary>
public sealed class ImageMetricsEvaluator
{
    private readonly SsimOptions ssimOptions;

    /// <summary>Creates an evaluator; <paramref name="options"/> defaults to <see cref="ImageMetricsOptions.Default"/>.</summary>
    public ImageMetricsEvaluator(ImageMetricsOptions? options = null)
    {
        Options = options ?? ImageMetricsOptions.Default;
        Options.Bootstrap.Validate();
        ssimOptions = new SsimOptions { Variant = Options.SsimVariant, MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
    }

    /// <summary>The settings in use.</summary>
    public ImageMetricsOptions Options { get; }

    /// <summary>PSNR, SSIM (and LPIPS when configured) of one frame.</summary>
    /// <exception cref="ArgumentException">Shapes differ or the frame is too small for the SSIM variant; the message names the frame.</exception>
    public FrameMetrics EvaluateFrame(string name, FloatImage pred, FloatImage gt)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return new FrameMetrics
            {
                Name = name,
                Psnr = Psnr.Compute(pred, gt),
                Ssim = Ssim.Compute(pred, gt, ssimOptions),
                Lpips = Options.Lpips?.Distance(pred, gt),
            };
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Frame '{name}': {e.Message}", e);
        }
    }

    /// <summary>Evaluates decoded frames in order.</summary>
    public ImageMetricsReport Evaluate(IEnumerable<ImagePair> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return Summarize(frames.Select(f => EvaluateFrame(f.Name, f.Pred, f.Gt)).ToList());
    }

    /// <summary>Evaluates file pairs in order, loading one pair at a time with <paramref name="loadImage"/>.</summary>
    public ImageMetricsReport Evaluate(IEnumerable<FramePair> pairs, Func<string, FloatImage> loadImage)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(loadImage);
        return Summarize(pairs.Select(p => EvaluateFrame(p.Name, loadImage(p.PredPath), loadImage(p.GtPath))).ToList());
    }

    /// <summary>Pairs <paramref name="predPath"/> with <paramref name="gtPath"/> (<see cref="FramePairing.Pair"/>) and evaluates the pairs.</summary>
    public ImageMetricsReport EvaluatePaths(string predPath, string gtPath, Func<string, FloatImage> loadImage) =>
        Evaluate(FramePairing.Pair(predPath, gtPath), loadImage);

    /// <summary>Aggregates per-frame values that were already computed.</summary>
    public ImageMetricsReport Summarize(IReadOnlyList<FrameMetrics> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return new ImageMetricsReport
        {
            SsimVariant = Options.SsimVariant.ToId(),
            Bootstrap = Options.Bootstrap,
            Psnr = MetricAggregate.FromValues(frames.Select(f => f.Psnr), Options.Bootstrap),
            Ssim = MetricAggregate.FromValues(frames.Select(f => f.Ssim), Options.Bootstrap),
            Lpips = Options.Lpips is null ? null : MetricAggregate.FromValues(frames.Select(f => f.Lpips ?? double.NaN), Options.Bootstrap),
            LpipsVariant = Options.Lpips?.Variant.Name,
            LpipsWeights = Options.Lpips?.Weights,
            Frames = frames,
        };
    }
}
