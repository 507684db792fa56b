using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;

namespace Research.Metrics.Sync;

/// <summary>
/// Sync-C / Sync-D of a clip as reported: the scores, the offset, percentile-bootstrap intervals over 5-frame windows,
/// the per-window distances behind them (so seeds can be pooled), the crop mode and the weight file by hash.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record SyncReport
{
    /// <summary>How frames were cropped: <c>face-crop</c> or <c>resize224</c>.</summary>
    [JsonPropertyName("cropMode")]
    public required string CropMode { get; init; }

    /// <summary>The SyncNet weight file.</summary>
    [JsonPropertyName("weights")]
    public required WeightFile Weights { get; init; }

    /// <summary>Offset search range (±frames).</summary>
    [JsonPropertyName("vshift")]
    public required int VShift { get; init; }

    /// <summary>Sync-D (LSE-D): lower is better.</summary>
    [JsonPropertyName("syncD")]
    public required double SyncD { get; init; }

    /// <summary>Sync-C (LSE-C): higher is better.</summary>
    [JsonPropertyName("syncC")]
    public required double SyncC { get; init; }

    /// <summary>AV offset in frames (vshift − argmin).</summary>
    [JsonPropertyName("offset")]
    public required int Offset { get; init; }

    /// <summary>Interval of Sync-D from resampling windows and rescoring.</summary>
    [JsonPropertyName("syncDCi")]
    public required ConfidenceInterval SyncDCi { get; init; }

    /// <summary>Interval of Sync-C from resampling windows and rescoring.</summary>
    [JsonPropertyName("syncCCi")]
    public required ConfidenceInterval SyncCCi { get; init; }

    /// <summary>Bootstrap settings behind the intervals.</summary>
    [JsonPropertyName("bootstrap")]
    public required BootstrapOptions Bootstrap { get; init; }

    /// <summary>The 2·vshift + 1 mean distances (index k ↔ audio shift k − vshift).</summary>
    [JsonPropertyName("meanDistances")]
    public required IReadOnlyList<double> MeanDistances { get; init; }

    /// <summary>Per window (first frame i), the distance at every shift: the per-frame values of this metric.</summary>
    [JsonPropertyName("windowDistances")]
    public required IReadOnlyList<double[]> WindowDistances { get; init; }

    /// <summary>Number of windows scored.</summary>
    [JsonIgnore]
    public int WindowCount => WindowDistances.Count;

    /// <summary>
    /// Scores per-window distances (<see cref="SyncOffsetSearch.FromWindowDistances"/>) with bootstrap intervals: each
    /// resample draws windows with replacement and rescoring them gives one Sync-D and one Sync-C.
    /// </summary>
    /// <exception cref="ArgumentException">No windows, or windows of the wrong length.</exception>
    public static SyncReport Create(IReadOnlyList<double[]> windowDistances, string cropMode, WeightFile weights, int vshift, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(windowDistances);
        ArgumentNullException.ThrowIfNull(cropMode);
        ArgumentNullException.ThrowIfNull(weights);
        bootstrap ??= BootstrapOptions.Default;
        var score = SyncOffsetSearch.FromWindowDistances(windowDistances, vshift);
        return new SyncReport
        {
            CropMode = cropMode,
            Weights = weights,
            VShift = vshift,
            SyncD = score.SyncD,
            SyncC = score.SyncC,
            Offset = score.Offset,
            SyncDCi = Aggregation.Bootstrap.PercentileInterval(windowDistances.Count, idx => Rescore(windowDistances, idx, vshift).SyncD, bootstrap),
            SyncCCi = Aggregation.Bootstrap.PercentileInterval(windowDistances.Count, idx => Rescore(windowDistances, idx, vshift).SyncC, bootstrap),
            Bootstrap = bootstrap,
            MeanDistances = score.MeanDistances,
            WindowDistances = windowDistances,
        };
    }

    /// <summary>Scores a clip's <see cref="SyncScore"/> (see <see cref="Create(IReadOnlyList{double[]}, string, WeightFile, int, BootstrapOptions?)"/>).</summary>
    public static SyncReport Create(SyncScore score, SyncCropMode cropMode, WeightFile weights, int vshift, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Create(score.WindowDistances, CropModeId(cropMode), weights, vshift, bootstrap);
    }

    /// <summary>The report id of a crop mode: <c>face-crop</c> or <c>resize224</c>.</summary>
    public static string CropModeId(SyncCropMode mode) => mode switch
    {
        SyncCropMode.FaceCrop => "face-crop",
        SyncCropMode.Resize224 => "resize224",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown crop mode."),
    };

    private static SyncScore Rescore(IReadOnlyList<double[]> windows, int[] indices, int vshift) =>
        SyncOffsetSearch.FromWindowDistances([.. indices.Select(i => windows[i])], vshift);
}
