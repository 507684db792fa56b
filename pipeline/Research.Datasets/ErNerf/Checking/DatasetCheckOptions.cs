namespace Research.Datasets.ErNerf.Checking;

/// <summary>Settings of <see cref="DatasetChecker.Check"/>.</summary>
public sealed record DatasetCheckOptions
{
    /// <summary>The defaults.</summary>
    public static DatasetCheckOptions Default { get; } = new();

    /// <summary>Frame rate used to turn the audio duration into frames (the layout does not store it).</summary>
    public double Fps { get; init; } = 25;

    /// <summary>
    /// Decode every n-th frame for content checks (parsing colours and face mask, landmark files, teeth masks);
    /// counts and image sizes are always checked on every frame.
    /// </summary>
    public int Sample { get; init; } = 1;

    /// <summary>Force the parsing channel order instead of detecting it.</summary>
    public ParsingChannelOrder? ParsingChannelOrder { get; init; }

    /// <summary>How far the audio length (in frames) and the audio feature rows may differ from the frame count.</summary>
    public int FrameTolerance { get; init; } = 2;

    /// <summary>Tolerance of the rigidity check on camera matrices: |RᵀR − I| and |det R − 1|.</summary>
    public double RigidityTolerance { get; init; } = 1e-3;

    /// <summary>At most this many issues of one kind per file or folder are listed; the rest are counted in one line.</summary>
    public int MaxIssuesPerKind { get; init; } = 5;
}
