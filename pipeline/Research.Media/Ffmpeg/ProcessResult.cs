namespace Research.Media.Ffmpeg;

/// <summary>The outcome of a finished process.</summary>
/// <param name="ExitCode">Process exit code (0 means success for ffmpeg and ffprobe).</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
