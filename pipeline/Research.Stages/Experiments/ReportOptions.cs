using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>How the comparison report is written.</summary>
public sealed record ReportOptions : IValidatableOptions
{
    /// <summary>Title of report.md (defaults to the experiment name).</summary>
    public string? Title { get; init; }

    /// <summary>Decimal places for metric values in report.md (results.csv keeps full precision).</summary>
    public int Decimals { get; init; } = 3;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Decimals is < 0 or > 10)
        {
            yield return ("decimals", "must be between 0 and 10.");
        }
    }
}
