namespace Research.Datasets.ErNerf.Checking;

/// <summary>What <see cref="DatasetChecker"/> found, printed as JSON by <c>research dataset check</c>.</summary>
public sealed record DatasetSummary
{
    /// <summary>The dataset folder (full path).</summary>
    public required string Directory { get; init; }

    /// <summary>Frames in <c>ori_imgs</c> (0 when missing).</summary>
    public required int FrameCount { get; init; }

    /// <summary>Width of frame 0 (0 when unknown).</summary>
    public required int Width { get; init; }

    /// <summary>Height of frame 0 (0 when unknown).</summary>
    public required int Height { get; init; }

    /// <summary>Frame rate assumed (from the options).</summary>
    public required double Fps { get; init; }

    /// <summary>Cameras in <c>transforms_train.json</c>.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Cameras in <c>transforms_val.json</c>.</summary>
    public required int ValCount { get; init; }

    /// <summary>Which optional and required parts exist.</summary>
    public required DatasetAnnotations Annotations { get; init; }

    /// <summary><c>rgb</c> or <c>bgr</c>; null without parsing maps.</summary>
    public required string? ParsingChannelOrder { get; init; }

    /// <summary><c>detected</c>, <c>forced</c> or <c>default</c>; null without parsing maps.</summary>
    public required string? ParsingChannelOrderSource { get; init; }

    /// <summary>Length of <c>aud.wav</c> in seconds; null when absent or unreadable.</summary>
    public required double? AudioDurationSeconds { get; init; }

    /// <summary>Name of the audio feature file used; null when none.</summary>
    public required string? AudioFeatureFile { get; init; }

    /// <summary>Shape of the audio features; null when none.</summary>
    public required IReadOnlyList<int>? AudioFeatureShape { get; init; }

    /// <summary>Stride of the content checks.</summary>
    public required int Sample { get; init; }

    /// <summary>Number of errors.</summary>
    public required int Errors { get; init; }

    /// <summary>Number of warnings.</summary>
    public required int Warnings { get; init; }
}
