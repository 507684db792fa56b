namespace Research.Media.Ffmpeg;

/// <summary>An external tool (ffmpeg, ffprobe, ...) is not installed where we looked. The message says how to install it.</summary>
public sealed class ToolNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="toolName">Tool that is missing, e.g. "ffmpeg".</param>
    /// <param name="lookedFor">Where we looked: a configured path, or a description such as "PATH".</param>
    /// <param name="hint">What the user should do, e.g. install commands.</param>
    public ToolNotFoundException(string toolName, string lookedFor, string hint)
        : base(BuildMessage(toolName, lookedFor, hint))
    {
        ToolName = toolName;
        LookedFor = lookedFor;
    }

    /// <summary>Creates the exception with the underlying start failure.</summary>
    /// <param name="toolName">Tool that is missing, e.g. "ffmpeg".</param>
    /// <param name="lookedFor">Where we looked: a configured path, or a description such as "PATH".</param>
    /// <param name="hint">What the user should do, e.g. install commands.</param>
    /// <param name="inner">Why starting the tool failed.</param>
    public ToolNotFoundException(string toolName, string lookedFor, string hint, Exception inner)
        : base(BuildMessage(toolName, lookedFor, hint), inner)
    {
        ToolName = toolName;
        LookedFor = lookedFor;
    }

    /// <summary>The missing tool, e.g. "ffmpeg".</summary>
    public string ToolName { get; }

    /// <summary>Where we looked for it.</summary>
    public string LookedFor { get; }

    private static string BuildMessage(string toolName, string lookedFor, string hint) =>
        $"{toolName} was not found (looked for: {lookedFor}); {hint}.";
}
