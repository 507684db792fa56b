using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Datasets.ErNerf.Checking;

/// <summary>The result of <see cref="DatasetChecker.Check"/>: a summary and the issues found.</summary>
public sealed class DatasetCheckReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Creates a report.</summary>
    public DatasetCheckReport(DatasetSummary summary, IReadOnlyList<DatasetIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(issues);
        Summary = summary;
        Issues = issues;
    }

    /// <summary>The summary.</summary>
    public DatasetSummary Summary { get; }

    /// <summary>Errors and warnings, in the order they were found.</summary>
    public IReadOnlyList<DatasetIssue> Issues { get; }

    /// <summary>Whether any issue is an error.</summary>
    public bool HasErrors => Issues.Any(i => i.Severity == DatasetIssueSeverity.Error);

    /// <summary>The summary as indented snake_case JSON.</summary>
    public string SummaryJson() => JsonSerializer.Serialize(Summary, JsonOptions);

    /// <summary>The summary and the issues as one JSON document (<c>{"summary": …, "issues": [{severity, file, message}]}</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Summary, Issues }, JsonOptions);
}
