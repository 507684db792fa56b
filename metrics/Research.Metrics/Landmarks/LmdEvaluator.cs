using System.Globalization;
using System.Numerics;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Landmarks;

/// <summary>
/// Landmark distance as ER-NeRF's / TalkingGaussian's <c>LMDMeter(region='mouth')</c> computes it (metrics.md §7):
/// per frame, take points 48–67 (0-based iBUG-68 numbering) of prediction and ground truth, subtract each set's own mean
/// point (translation only, no scale or rotation normalisation), and average the Euclidean distances of the 20 point
/// pairs; LMD is the mean over frames, in pixels of the evaluated frame. Computed in float64 (the reference uses
/// float32; FAN landmarks are integers, so the difference is at rounding level).
/// </summary>
public sealed class LmdEvaluator
{
    /// <summary>Points a landmark set must have (iBUG 68).</summary>
    public const int PointCount = 68;

    /// <summary>First mouth point (0-based).</summary>
    public const int MouthFirst = 48;

    /// <summary>Last mouth point (0-based, inclusive).</summary>
    public const int MouthLast = 67;

    /// <summary>Creates an evaluator; <paramref name="bootstrap"/> defaults to <see cref="BootstrapOptions.Default"/>.</summary>
    public LmdEvaluator(BootstrapOptions? bootstrap = null)
    {
        Bootstrap = bootstrap ?? BootstrapOptions.Default;
        Bootstrap.Validate();
    }

    /// <summary>Bootstrap settings of the interval.</summary>
    public BootstrapOptions Bootstrap { get; }

    /// <summary>LMD of one frame (pixels).</summary>
    /// <exception cref="ArgumentException">A set has fewer than 68 points.</exception>
    public static double FrameDistance(IReadOnlyList<Vector2> pred, IReadOnlyList<Vector2> gt)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(gt);
        if (pred.Count < PointCount || gt.Count < PointCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"LMD: landmark sets need {PointCount} points; pred has {pred.Count}, gt has {gt.Count}."));
        }

        var (pmx, pmy) = MouthMean(pred);
        var (gmx, gmy) = MouthMean(gt);
        var sum = 0.0;
        for (var i = MouthFirst; i <= MouthLast; i++)
        {
            var dx = (pred[i].X - pmx) - (gt[i].X - gmx);
            var dy = (pred[i].Y - pmy) - (gt[i].Y - gmy);
            sum += Math.Sqrt((dx * dx) + (dy * dy));
        }

        return sum / (MouthLast - MouthFirst + 1);
    }

    /// <summary>Evaluates frame i of <paramref name="pred"/> against frame i of <paramref name="gt"/>, for every frame.</summary>
    /// <exception cref="InvalidDataException">The sources hold different frame counts or none, or a frame has fewer than 68 points (the message names the source and frame).</exception>
    public LmdReport Evaluate(ILandmarkSource pred, ILandmarkSource gt)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(gt);
        if (pred.FrameCount != gt.FrameCount)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"LMD: pred {pred.Description} has {pred.FrameCount} frames but gt {gt.Description} has {gt.FrameCount}; frames are paired one to one in order."));
        }

        if (pred.FrameCount == 0)
        {
            throw new InvalidDataException($"LMD: pred {pred.Description} and gt {gt.Description} hold no frames.");
        }

        var frames = new LmdFrame[pred.FrameCount];
        for (var i = 0; i < frames.Length; i++)
        {
            var p = Checked(pred, i);
            var g = Checked(gt, i);
            frames[i] = new LmdFrame { Name = pred.FrameName(i), GtName = gt.FrameName(i), Lmd = FrameDistance(p, g) };
        }

        return Summarize(pred.Description, gt.Description, frames);
    }

    /// <summary>Aggregates per-frame values that were already computed.</summary>
    public LmdReport Summarize(string pred, string gt, IReadOnlyList<LmdFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(frames);
        return new LmdReport
        {
            Pred = pred,
            Gt = gt,
            Bootstrap = Bootstrap,
            Lmd = MetricAggregate.FromValues(frames.Select(f => f.Lmd), Bootstrap),
            Frames = frames,
        };
    }

    private static IReadOnlyList<Vector2> Checked(ILandmarkSource source, int index)
    {
        var points = source.Read(index);
        return points.Count >= PointCount
            ? points
            : throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"LMD: {source.Description}, frame {source.FrameName(index)} has {points.Count} landmarks; {PointCount} are needed."));
    }

    private static (double X, double Y) MouthMean(IReadOnlyList<Vector2> points)
    {
        double x = 0, y = 0;
        for (var i = MouthFirst; i <= MouthLast; i++)
        {
            x += points[i].X;
            y += points[i].Y;
        }

        const int n = MouthLast - MouthFirst + 1;
        return (x / n, y / n);
    }
}
