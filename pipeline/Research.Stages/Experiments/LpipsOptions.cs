using Research.Metrics.Lpips;
using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>LPIPS in the evaluate stage (<c>metrics.lpips</c>).</summary>
public sealed record LpipsOptions : IValidatableOptions
{
    /// <summary>Compute LPIPS (shown as "—" with a footnote when the weights are absent).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// <c>alex_v0.1_normalize</c> (canonical), <c>vgg_v0.1_normalize</c>, <c>vgg_lpipsPyTorch_unscaled</c> (3DGS parity)
    /// or <c>alex_lpipsPyTorch_unscaled</c>.
    /// </summary>
    public string Variant { get; init; } = LpipsVariant.AlexNormalize.Name;

    /// <summary>Folder holding the trunk and lin files (docs/weights.md); null: ~/.cache/research/weights/lpips.</summary>
    public string? Weights { get; init; }

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (LpipsVariant.Find(Variant) is null)
        {
            yield return ("variant", $"'{Variant}' is not an LPIPS variant; use one of {string.Join(", ", LpipsVariant.All.Select(v => v.Name))}.");
        }
    }
}
