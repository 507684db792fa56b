namespace Research.Datasets.Prepared;

/// <summary>Contents of <c>dataset.json</c> in a prepared dataset folder.</summary>
public sealed record PreparedDatasetInfo
{
    /// <summary>Number of frames (<c>frames/0.png</c> … ).</summary>
    public required int FrameCount { get; init; }

    /// <summary>Frame width.</summary>
    public required int Width { get; init; }

    /// <summary>Frame height.</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second.</summary>
    public required double Fps { get; init; }

    /// <summary>The first <see cref="TrainCount"/> frames train; the rest are held out.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Where the frames came from: <c>synthetic</c>, <c>ernerf</c> or <c>video</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Channel order of the parsing maps as found by the importer (<c>rgb</c> or <c>bgr</c>), null without parsing maps.</summary>
    public string? ParsingOrder { get; init; }
}
