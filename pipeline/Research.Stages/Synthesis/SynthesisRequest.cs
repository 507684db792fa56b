namespace Research.Stages.Synthesis;

/// <summary>What <c>research synthesize</c> was asked to do.</summary>
public sealed record SynthesisRequest
{
    /// <summary>A run folder (<c>runs/&lt;experiment&gt;/&lt;time&gt;/</c>) or one of its job folders (<c>jobs/&lt;dataset&gt;/&lt;method&gt;/&lt;variant&gt;/s&lt;i&gt;/</c>).</summary>
    public required string Run { get; init; }

    /// <summary>Job id (<c>dataset/method/variant/s&lt;i&gt;</c>) inside a run folder; optional when only one job can be driven by audio.</summary>
    public string? Job { get; init; }

    /// <summary>The driving audio: a WAV (or any audio file ffmpeg reads), or a feature file (.npy, [N, steps, C]).</summary>
    public required string Audio { get; init; }

    /// <summary>WAV muxed into the video when <see cref="Audio"/> is a feature file (else the video is silent).</summary>
    public string? Wav { get; init; }

    /// <summary>Output folder: <c>frames/0.png …</c>, <c>video.mp4</c> and the PLY exports.</summary>
    public required string Output { get; init; }

    /// <summary>Dilate the mouth alpha before compositing (TalkingGaussian <c>--dilate</c>).</summary>
    public bool Dilate { get; init; }

    /// <summary>Which split's poses, AUs and torso/background are replayed.</summary>
    public PoseSource Poses { get; init; } = PoseSource.Test;

    /// <summary>Frame rate of the output and of the WAV's feature windows; null: the dataset's.</summary>
    public double? Fps { get; init; }

    /// <summary>ffmpeg executable (videos are skipped with a notice when it is missing).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>Engine threads (0: all processors).</summary>
    public int Threads { get; init; }
}
