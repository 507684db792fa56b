using System.Text.Json;

namespace Research.Metrics.Evaluation;

/// <summary>
/// JSON for metric reports. Property names are camelCase through attributes, so default options work too;
/// non-finite numbers are written as the strings "Infinity", "-Infinity" and "NaN".
/// </summary>
public static class MetricsJson
{
    /// <summary>Indented output, read-only options instance.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a report.</summary>
    public static string Serialize(ImageMetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    /// <summary>Reads a report written by <see cref="Serialize(ImageMetricsReport)"/>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static ImageMetricsReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<ImageMetricsReport>(json, Options)
            ?? throw new JsonException("The JSON document is null, not a metrics report.");
    }

    /// <summary>Serializes a clip's full report.</summary>
    public static string Serialize(MetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    /// <summary>Reads a clip report written by <see cref="Serialize(MetricsReport)"/>.</summary>
    /// <exception cref="JsonException">The text is not a clip report.</exception>
    public static MetricsReport DeserializeMetricsReport(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<MetricsReport>(json, Options)
            ?? throw new JsonException("The JSON document is null, not a metrics report.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
