using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>One dataset of an experiment (docs/datasets.md).</summary>
public sealed record DatasetOptions : IValidatableOptions
{
    /// <summary>Where the data comes from: synthetic (built in), ernerf (a preprocessed directory) or video (a raw clip).</summary>
    public DatasetKind Kind { get; init; } = DatasetKind.Synthetic;

    /// <summary>Frames per second (ER-NeRF datasets are 25 fps; the layout does not record it).</summary>
    public double Fps { get; init; } = 25;

    /// <summary>ernerf: the dataset directory; video: the clip. Relative paths are relative to the current directory.</summary>
    public string? Path { get; init; }

    /// <summary>synthetic: the generated clip.</summary>
    public SyntheticOptions Synthetic { get; init; } = new();

    /// <summary>ernerf: channel order of the parsing maps (auto detects BGR-written maps).</summary>
    public ParsingOrderSetting ParsingOrder { get; init; } = ParsingOrderSetting.Auto;

    /// <summary>Train on the first floor(N·train_parts/total_parts) frames and hold out the rest (ER-NeRF: 10/11). Datasets with transforms_train/val.json use their split.</summary>
    public SplitOptions Split { get; init; } = new();

    /// <summary>Audio features per video frame.</summary>
    public AudioFeatureOptions AudioFeatures { get; init; } = new();

    /// <summary>Face, hair, mouth, teeth, neck and torso masks and the lips rectangle.</summary>
    public MaskOptions Masks { get; init; } = new();

    /// <summary>The static background plate and per-frame torso images.</summary>
    public BackgroundOptions Background { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Fps <= 0)
        {
            yield return ("fps", "must be positive.");
        }

        if (Kind == DatasetKind.Video && string.IsNullOrWhiteSpace(Path))
        {
            yield return ("path", "video datasets need the path of a clip, e.g. path: data/may.mp4");
        }

        if (Kind == DatasetKind.Ernerf && string.IsNullOrWhiteSpace(Path))
        {
            yield return ("path", "ernerf datasets need the preprocessed directory, e.g. path: data/may (see docs/datasets.md)");
        }
    }
}
