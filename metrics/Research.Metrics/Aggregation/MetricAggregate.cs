using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Research.Metrics.Aggregation;

/// <summary>
/// Mean of a per-frame metric with its bootstrap confidence interval.
/// <para>
/// +∞ policy: values equal to +∞ — PSNR of a frame identical to its ground truth (MSE = 0) — are excluded from the mean and
/// the interval and counted in <see cref="InfiniteCount"/>; <see cref="Count"/> is the number of finite values averaged.
/// The reference meters would report a mean of +∞ as soon as one frame is identical, which hides every other frame.
/// When no finite value remains, <see cref="Mean"/> and the interval bounds are NaN (JSON string "NaN").
/// NaN inputs are not excluded: they make the mean NaN.
/// </para>
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record MetricAggregate
{
    /// <summary>Arithmetic mean of the finite values, summed in frame order.</summary>
    [JsonPropertyName("mean")]
    public required double Mean { get; init; }

    /// <summary>Number of values in the mean (+∞ values excluded).</summary>
    [JsonPropertyName("count")]
    public required int Count { get; init; }

    /// <summary>Number of +∞ values left out of the mean.</summary>
    [JsonPropertyName("infiniteCount")]
    public required int InfiniteCount { get; init; }

    /// <summary>Percentile-bootstrap interval of the mean (see <see cref="Bootstrap.PercentileInterval(ReadOnlySpan{double}, BootstrapOptions?)"/>).</summary>
    [JsonPropertyName("ci")]
    public required ConfidenceInterval Ci { get; init; }

    /// <summary>Aggregates per-frame values under the +∞ policy described on this type.</summary>
    public static MetricAggregate FromValues(IEnumerable<double> values, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = new List<double>();
        var infinite = 0;
        foreach (var v in values)
        {
            if (double.IsPositiveInfinity(v))
            {
                infinite++;
            }
            else
            {
                finite.Add(v);
            }
        }

        var span = CollectionsMarshal.AsSpan(finite);
        return new MetricAggregate
        {
            Mean = Bootstrap.Mean(span),
            Count = finite.Count,
            InfiniteCount = infinite,
            Ci = Bootstrap.PercentileInterval(span, bootstrap),
        };
    }
}
