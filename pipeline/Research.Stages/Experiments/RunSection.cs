using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>Machine-level settings of a run.</summary>
public sealed record RunSection : IValidatableOptions
{
    /// <summary>Folder for run directories (relative to the current directory).</summary>
    public string RunsDir { get; init; } = "runs";

    /// <summary>Folder of the content-addressed stage cache shared by all runs.</summary>
    public string CacheDir { get; init; } = ".cache";

    /// <summary>Worker threads; 0 means one per logical processor. Results are bit-identical for a fixed count.</summary>
    public int Threads { get; init; }

    /// <summary>The ffmpeg executable (a name on PATH or a full path); ffprobe is looked up next to it.</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>Also encode each job's held-out renders to an mp4 with the clip's audio (needs ffmpeg; skipped with a notice when it is missing).</summary>
    public bool Videos { get; init; } = true;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Threads < 0)
        {
            yield return ("threads", "must be 0 (all processors) or a positive count.");
        }
    }
}
