using System.Globalization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.ActionUnits;

/// <summary>
/// Action-unit error as TalkingGaussian's <c>auerror.py</c> computes it (metrics.md §6): for a unit set S,
/// AUE_S = Σ_{a∈S} (1/T) Σ_t (I_pred[t,a] − I_gt[t,a])² over the T paired rows of two OpenFace CSVs, using the
/// <c>AUxx_r</c> intensity columns. It is a mean squared difference per unit, summed over units (not an absolute
/// difference, not a mean over units). Reports AUE-U, AUE-L and the 17-unit value with per-frame values and a bootstrap
/// interval of the mean.
/// </summary>
public sealed class AueEvaluator
{
    /// <summary>Creates an evaluator; <paramref name="options"/> defaults to <see cref="AueOptions.Default"/>.</summary>
    public AueEvaluator(AueOptions? options = null)
    {
        Options = options ?? AueOptions.Default;
        Options.Bootstrap.Validate();
        if (!Enum.IsDefined(Options.Alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Alignment, "Unknown AUE alignment.");
        }
    }

    /// <summary>The settings in use.</summary>
    public AueOptions Options { get; }

    /// <summary>Reads two OpenFace CSVs and evaluates them.</summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file cannot be parsed, lacks an <c>AUxx_r</c> column, or the rows cannot be paired (see <see cref="Evaluate(OpenFaceSequence, OpenFaceSequence)"/>).</exception>
    public AueReport EvaluateFiles(string predCsv, string gtCsv) =>
        Evaluate(OpenFaceSequence.Read(predCsv), OpenFaceSequence.Read(gtCsv));

    /// <summary>Evaluates a predicted sequence against its ground truth.</summary>
    /// <exception cref="InvalidDataException">
    /// A file lacks one of the 17 <c>AUxx_r</c> columns (named with the file); the counts differ under
    /// <see cref="AueAlignment.RowIndexEqualCount"/>; a <c>frame</c> column is missing or repeats a value under
    /// <see cref="AueAlignment.FrameNumber"/>; or no rows pair up.
    /// </exception>
    public AueReport Evaluate(OpenFaceSequence pred, OpenFaceSequence gt)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(gt);
        var predUnits = ReadUnits(pred);
        var gtUnits = ReadUnits(gt);
        var predFrames = pred.HasColumn("frame") && Options.Alignment != AueAlignment.FrameNumber ? TryFrameNumbers(pred) : null;
        var gtFrames = gt.HasColumn("frame") && Options.Alignment != AueAlignment.FrameNumber ? TryFrameNumbers(gt) : null;
        var pairs = Pair(pred, gt, ref predFrames, ref gtFrames);
        if (pairs.Count == 0)
        {
            throw new InvalidDataException($"AUE: no rows to compare between pred '{pred.Path}' ({pred.RowCount} rows) and gt '{gt.Path}' ({gt.RowCount} rows) with alignment {Options.Alignment}.");
        }

        // Squared differences per unit and pair, computed once and shared by the three sets.
        var squared = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var unit in ActionUnitSets.All)
        {
            var p = predUnits[unit];
            var g = gtUnits[unit];
            var d2 = new double[pairs.Count];
            for (var k = 0; k < pairs.Count; k++)
            {
                var d = p[pairs[k].Pred] - g[pairs[k].Gt];
                d2[k] = d * d;
            }

            squared[unit] = d2;
        }

        var upper = PerFrame(squared, ActionUnitSets.Upper, pairs.Count);
        var lower = PerFrame(squared, ActionUnitSets.Lower, pairs.Count);
        var all = PerFrame(squared, ActionUnitSets.All, pairs.Count);
        var frames = new AueFrame[pairs.Count];
        for (var k = 0; k < frames.Length; k++)
        {
            frames[k] = new AueFrame
            {
                PredFrame = predFrames?[pairs[k].Pred] ?? pairs[k].Pred + 1,
                GtFrame = gtFrames?[pairs[k].Gt] ?? pairs[k].Gt + 1,
                Upper = upper[k],
                Lower = lower[k],
                All = all[k],
            };
        }

        return new AueReport
        {
            PredPath = pred.Path,
            GtPath = gt.Path,
            Alignment = Options.Alignment.ToString(),
            PredRows = pred.RowCount,
            GtRows = gt.RowCount,
            Bootstrap = Options.Bootstrap,
            Upper = Summarize(squared, ActionUnitSets.Upper, upper),
            Lower = Summarize(squared, ActionUnitSets.Lower, lower),
            All = Summarize(squared, ActionUnitSets.All, all),
            Frames = frames,
        };
    }

    private static Dictionary<string, double[]> ReadUnits(OpenFaceSequence sequence)
    {
        var units = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var unit in ActionUnitSets.All)
        {
            units[unit] = sequence.Intensity(unit);
        }

        return units;
    }

    private static int[]? TryFrameNumbers(OpenFaceSequence sequence)
    {
        // Frame numbers only label the per-frame output under row pairing; a malformed column must not fail it.
        try
        {
            return sequence.FrameNumbers();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private List<(int Pred, int Gt)> Pair(OpenFaceSequence pred, OpenFaceSequence gt, ref int[]? predFrames, ref int[]? gtFrames)
    {
        var pairs = new List<(int Pred, int Gt)>();
        switch (Options.Alignment)
        {
            case AueAlignment.RowIndexEqualCount when pred.RowCount != gt.RowCount:
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"AUE: pred '{pred.Path}' has {pred.RowCount} rows but gt '{gt.Path}' has {gt.RowCount}; alignment RowIndexEqualCount needs equal counts (RowIndex, the reference rule, uses the first {Math.Min(pred.RowCount, gt.RowCount)})."));
            case AueAlignment.RowIndex:
            case AueAlignment.RowIndexEqualCount:
                for (var i = 0; i < Math.Min(pred.RowCount, gt.RowCount); i++)
                {
                    pairs.Add((i, i));
                }

                return pairs;
            default:
                predFrames = UniqueFrames(pred);
                gtFrames = UniqueFrames(gt);
                var gtRowOf = new Dictionary<int, int>();
                for (var j = 0; j < gtFrames.Length; j++)
                {
                    gtRowOf[gtFrames[j]] = j;
                }

                for (var i = 0; i < predFrames.Length; i++)
                {
                    if (gtRowOf.TryGetValue(predFrames[i], out var j))
                    {
                        pairs.Add((i, j));
                    }
                }

                return pairs;
        }
    }

    private static int[] UniqueFrames(OpenFaceSequence sequence)
    {
        var frames = sequence.FrameNumbers();
        var seen = new HashSet<int>();
        foreach (var f in frames)
        {
            if (!seen.Add(f))
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"AUE: OpenFace CSV '{sequence.Path}' repeats frame {f} (several faces?); alignment FrameNumber needs one row per frame."));
            }
        }

        return frames;
    }

    private static double[] PerFrame(Dictionary<string, double[]> squared, IReadOnlyList<string> units, int count)
    {
        var values = new double[count];
        foreach (var unit in units)
        {
            var d2 = squared[unit];
            for (var k = 0; k < count; k++)
            {
                values[k] += d2[k];
            }
        }

        return values;
    }

    private AueSetResult Summarize(Dictionary<string, double[]> squared, IReadOnlyList<string> units, double[] perFrame)
    {
        // Reference order: per-unit mean over rows (NaN rows skipped, as pandas' mean does), then the sum over units.
        var perUnit = new Dictionary<string, double>(StringComparer.Ordinal);
        var total = 0.0;
        foreach (var unit in units)
        {
            var sum = 0.0;
            var n = 0;
            foreach (var v in squared[unit])
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    n++;
                }
            }

            perUnit[unit] = n == 0 ? double.NaN : sum / n;
            total += perUnit[unit];
        }

        var aggregate = MetricAggregate.FromValues(perFrame.Where(v => !double.IsNaN(v)), Options.Bootstrap);
        return new AueSetResult { Units = units, Aggregate = aggregate with { Mean = total }, PerUnit = perUnit };
    }
}
