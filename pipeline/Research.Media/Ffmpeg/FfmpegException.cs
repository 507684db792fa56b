namespace Research.Media.Ffmpeg;

/// <summary>ffmpeg or ffprobe exited with an error. Carries the exit code and the end of its stderr.</summary>
public sealed class FfmpegException : Exception
{
    /// <summary>How many trailing stderr lines are kept: enough for ffmpeg's reason, short enough to print.</summary>
    public const int StandardErrorTailLines = 20;

    /// <summary>Creates the exception.</summary>
    /// <param name="toolName">"ffmpeg" or "ffprobe".</param>
    /// <param name="operation">What was being done, e.g. "extracting audio from 'a.mp4'".</param>
    /// <param name="exitCode">The tool's exit code.</param>
    /// <param name="standardError">The tool's full stderr; only the last <see cref="StandardErrorTailLines"/> lines are kept.</param>
    public FfmpegException(string toolName, string operation, int exitCode, string standardError)
        : this(toolName, operation, exitCode, Tail(standardError ?? string.Empty), null)
    {
    }

    private FfmpegException(string toolName, string operation, int exitCode, string tail, Exception? inner)
        : base(BuildMessage(toolName, operation, exitCode, tail), inner)
    {
        ToolName = toolName;
        ExitCode = exitCode;
        StandardErrorTail = tail;
    }

    /// <summary>"ffmpeg" or "ffprobe".</summary>
    public string ToolName { get; }

    /// <summary>The tool's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The last lines of the tool's stderr (trailing blank lines removed).</summary>
    public string StandardErrorTail { get; }

    private static string BuildMessage(string toolName, string operation, int exitCode, string tail)
    {
        var detail = tail.Length == 0 ? "(no error output)" : tail;
        return $"{toolName} failed with exit code {exitCode} while {operation}:{Environment.NewLine}{detail}";
    }

    private static string Tail(string text)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n', ' ').Split('\n');
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - StandardErrorTailLines)));
    }
}
