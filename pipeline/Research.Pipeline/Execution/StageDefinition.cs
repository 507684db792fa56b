namespace Research.Pipeline.Execution;

/// <summary>
/// A unit of cached work. Its cache key hashes <see cref="Name"/>, <see cref="CodeVersion"/>, the canonical JSON of
/// <see cref="Parameters"/> (only the config subtree it reads), the content hashes of <see cref="Inputs"/>,
/// <see cref="Tools"/> fingerprints and <see cref="Seed"/>. <see cref="Execute"/> writes into an empty folder.
/// </summary>
public sealed class StageDefinition
{
    /// <summary>Unique identity within a plan, e.g. <c>synthetic/audio-retrieval/default/s0/train</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Stage kind, e.g. <c>train</c>; <c>--force NAME</c> matches it.</summary>
    public required string Name { get; init; }

    /// <summary>Bump when the stage's code would produce different outputs.</summary>
    public required int CodeVersion { get; init; }

    /// <summary>The parameters the stage reads (serialised canonically for the key).</summary>
    public object? Parameters { get; init; }

    /// <summary>Named inputs.</summary>
    public IReadOnlyList<StageInput> Inputs { get; init; } = [];

    /// <summary>External tool fingerprints (name → version) that affect outputs.</summary>
    public IReadOnlyDictionary<string, string> Tools { get; init; } = new Dictionary<string, string>();

    /// <summary>The derived seed, for stages that use randomness.</summary>
    public int? Seed { get; init; }

    /// <summary>The job this stage belongs to, or null for shared work.</summary>
    public string? JobId { get; init; }

    /// <summary>Runs even on a cache hit (never cached).</summary>
    public bool AlwaysRun { get; init; }

    /// <summary>
    /// Output files ('/'-separated paths relative to the output folder) whose content may differ between identical runs,
    /// e.g. training curves with a wall-clock column. They are stored but only their presence enters the output hash, so
    /// a re-run that reproduces everything else keeps the hash and its dependants stay cached; the cache then holds the
    /// newest run's copies (run folders linked earlier keep theirs).
    /// </summary>
    public IReadOnlyList<string> VolatileOutputs { get; init; } = [];

    /// <summary>The work: read inputs from the context, write outputs to its output folder.</summary>
    public required Func<StageContext, Task> Execute { get; init; }
}
