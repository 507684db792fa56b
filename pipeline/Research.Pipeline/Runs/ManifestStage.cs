namespace Research.Pipeline.Runs;

/// <summary>One stage in a manifest.</summary>
public sealed record ManifestStage(
    string Id,
    string Name,
    string? Job,
    string Status,
    bool CacheHit,
    string Reason,
    string? Key,
    string? OutputHash,
    double Seconds,
    string? Error);
