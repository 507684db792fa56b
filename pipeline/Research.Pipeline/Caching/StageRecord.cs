namespace Research.Pipeline.Caching;

/// <summary>The completion record of a stage: what went in (key components) and what came out (output hash).</summary>
public sealed record StageRecord
{
    /// <summary>Cache key: hash of the components below.</summary>
    public required string Key { get; init; }

    /// <summary>Stage identity (e.g. <c>synthetic/mean-frame/default/s0/train</c>).</summary>
    public required string StageId { get; init; }

    /// <summary>Stage kind (e.g. <c>train</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Version of the stage's code; bump it when outputs would change.</summary>
    public required int CodeVersion { get; init; }

    /// <summary>Canonical JSON of the parameters the stage reads.</summary>
    public required string Parameters { get; init; }

    /// <summary>Content hash of every named input.</summary>
    public required SortedDictionary<string, string> Inputs { get; init; }

    /// <summary>Fingerprints of external tools the stage used (e.g. ffmpeg version).</summary>
    public required SortedDictionary<string, string> Tools { get; init; }

    /// <summary>Seed derived for this stage, when it uses randomness.</summary>
    public int? Seed { get; init; }

    /// <summary>Content hash of the output directory; also its folder name under <c>objects/</c>.</summary>
    public required string OutputHash { get; init; }

    /// <summary>When the stage finished (UTC).</summary>
    public DateTimeOffset CompletedUtc { get; init; }

    /// <summary>Wall-clock seconds the stage took.</summary>
    public double Seconds { get; init; }
}
