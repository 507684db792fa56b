namespace Research.Media.Ffmpeg;

/// <summary>One audio stream of a probed media file.</summary>
/// <param name="Codec">ffprobe codec name, e.g. "aac", "pcm_s16le".</param>
/// <param name="SampleRate">Samples per second (0 when ffprobe did not report it).</param>
/// <param name="Channels">Channel count (0 when ffprobe did not report it).</param>
public sealed record AudioStreamInfo(string Codec, int SampleRate, int Channels);
