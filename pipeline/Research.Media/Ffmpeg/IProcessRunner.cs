namespace Research.Media.Ffmpeg;

/// <summary>Runs an external program to completion; the seam that lets tests replace ffmpeg with a fake.</summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> with the given arguments (passed verbatim, never through a shell).</summary>
    /// <param name="fileName">Executable path or name.</param>
    /// <param name="arguments">Arguments, one element per argument.</param>
    /// <param name="cancellationToken">Cancels the run and stops the process.</param>
    /// <returns>Exit code and captured output.</returns>
    Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
