namespace Research.Pipeline.Execution;

/// <summary>What a running stage sees: where to write, where its inputs are, a log, progress and cancellation.</summary>
public sealed class StageContext
{
    /// <summary>Creates a context.</summary>
    public StageContext(string outputDirectory, IReadOnlyDictionary<string, string> inputPaths, TextWriter log, IProgress<StageProgress> progress, int threads, int? seed, CancellationToken cancellation)
    {
        OutputDirectory = outputDirectory;
        InputPaths = inputPaths;
        Log = log;
        Progress = progress;
        Threads = threads;
        Seed = seed;
        Cancellation = cancellation;
    }

    /// <summary>Empty folder for outputs (moved into the cache after success).</summary>
    public string OutputDirectory { get; }

    /// <summary>Input name → folder (upstream output) or file/folder (external).</summary>
    public IReadOnlyDictionary<string, string> InputPaths { get; }

    /// <summary>The stage's log (also saved in the run directory).</summary>
    public TextWriter Log { get; }

    /// <summary>Progress sink.</summary>
    public IProgress<StageProgress> Progress { get; }

    /// <summary>Worker threads the stage may use.</summary>
    public int Threads { get; }

    /// <summary>The stage's derived seed, if any.</summary>
    public int? Seed { get; }

    /// <summary>Cancellation (Ctrl+C).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>
    /// A folder for training checkpoints that survives a killed or cancelled run: <c>checkpoints/&lt;stage key&gt;/</c>
    /// under the cache root, so a re-run with the same key (same config, inputs and seed) finds it and a changed config
    /// does not. Not created in advance; deleted once the stage commits. Null when the caller gives none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Path of a named input; a missing name is a programming error.</summary>
    public string Input(string name) => InputPaths.TryGetValue(name, out var p) ? p : throw new InvalidOperationException($"Stage has no input named '{name}'.");
}
