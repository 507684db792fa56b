namespace Research.Stages.Synthesis;

/// <summary>What a synthesis wrote.</summary>
/// <param name="Job">The job id that was rendered.</param>
/// <param name="FrameCount">Frames written to <c>frames/</c>.</param>
/// <param name="FramesDirectory">The frames folder.</param>
/// <param name="Video">The mp4, or null when ffmpeg is missing.</param>
/// <param name="VideoHasAudio">Whether the mp4 carries the driving audio.</param>
/// <param name="PlyFiles">PLY exports of the model (empty when the method has no Gaussian fields).</param>
/// <param name="Notices">Fallbacks taken (e.g. no ffmpeg), one line each.</param>
public sealed record SynthesisResult(string Job, int FrameCount, string FramesDirectory, string? Video, bool VideoHasAudio, IReadOnlyList<string> PlyFiles, IReadOnlyList<string> Notices);
