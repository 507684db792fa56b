namespace Research.Reporting;

/// <summary>Display names of the metric ids used in <c>metrics.json</c> (<c>lpips</c>, <c>sync</c>, <c>aue</c>, <c>lmd</c>).</summary>
public static class MetricLabels
{
    /// <summary>"LPIPS", "Sync-C / Sync-D", "AUE" or "LMD"; other ids are returned as given.</summary>
    public static string Name(string metric) => metric switch
    {
        "lpips" => "LPIPS",
        "sync" => "Sync-C / Sync-D",
        "aue" => "AUE",
        "lmd" => "LMD",
        _ => metric,
    };
}
