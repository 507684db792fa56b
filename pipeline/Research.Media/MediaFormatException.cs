namespace Research.Media;

/// <summary>
/// A media file is malformed or uses a feature we do not support. The message names the file and says what to do;
/// the CLI prints it as a user error (exit code 2) without a stack trace.
/// </summary>
public sealed class MediaFormatException : Exception
{
    /// <summary>Creates the exception for a file (or a stream description when there is no file).</summary>
    public MediaFormatException(string source, string message)
        : base($"{source}: {message}")
    {
        FilePath = source;
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public MediaFormatException(string source, string message, Exception inner)
        : base($"{source}: {message}", inner)
    {
        FilePath = source;
    }

    /// <summary>The file (or stream description) that could not be read.</summary>
    public string FilePath { get; }
}
