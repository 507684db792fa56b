using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>One dataset of an experiment.</summary>
public sealed record DatasetOptions : IValidatableOptions
{
    /// <summary>Where the frames come from: generated or video.</summary>
    public DatasetKind Kind { get; init; } = DatasetKind.Generated;

    /// <summary>Frames per second of the prepared frames.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>Generated clips: length in seconds.</summary>
    public double Seconds { get; init; } = 4;

    /// <summary>Generated clips: width and height in pixels.</summary>
    public int Resolution { get; init; } = 64;

    /// <summary>Generated clips: content seed (what is said and how the face looks); independent of the experiment seed so every run sees the same data.</summary>
    public int Seed { get; init; }

    /// <summary>Video datasets: path of the clip (relative to the current directory).</summary>
    public string? Path { get; init; }

    /// <summary>Train on the first floor(N·train_parts/total_parts) frames and hold out the rest (ER-NeRF: 10/11).</summary>
    public SplitOptions Split { get; init; } = new();

    /// <summary>Audio features derived from the 16 kHz audio.</summary>
    public AudioFeatureOptions AudioFeatures { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Fps <= 0)
        {
            yield return ("fps", "must be positive.");
        }

        if (Kind == DatasetKind.Generated && Seconds <= 0)
        {
            yield return ("seconds", "must be positive.");
        }

        if (Kind == DatasetKind.Generated && Resolution is < 16 or > 4096)
        {
            yield return ("resolution", "must be between 16 and 4096.");
        }

        if (Kind == DatasetKind.Video && string.IsNullOrWhiteSpace(Path))
        {
            yield return ("path", "video datasets need the path of a clip, e.g. path: data/may.mp4");
        }
    }
}
