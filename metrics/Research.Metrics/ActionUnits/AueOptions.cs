using Research.Metrics.Aggregation;

namespace Research.Metrics.ActionUnits;

/// <summary>Settings of <see cref="AueEvaluator"/>.</summary>
public sealed record AueOptions
{
    /// <summary>Reference row pairing and the default bootstrap.</summary>
    public static AueOptions Default { get; } = new();

    /// <summary>Row pairing (default <see cref="AueAlignment.RowIndex"/>, the reference rule).</summary>
    public AueAlignment Alignment { get; init; } = AueAlignment.RowIndex;

    /// <summary>Bootstrap settings of the confidence intervals.</summary>
    public BootstrapOptions Bootstrap { get; init; } = BootstrapOptions.Default;
}
