using NUnit.Framework;
using Research.Media.Ffmpeg;

namespace Research.Testing;

/// <summary>Finds external tools for tests and skips (Assert.Ignore) with a stated reason when one is missing.</summary>
public static class ExternalTools
{
    private static readonly Lazy<bool> HasFfmpegLazy = new(() => CanRun("ffmpeg") && CanRun("ffprobe"));

    /// <summary>True when ffmpeg and ffprobe are on PATH.</summary>
    public static bool HasFfmpeg => HasFfmpegLazy.Value;

    /// <summary>Skips the calling test when ffmpeg is missing. CI installs it, so these tests run there.</summary>
    public static void RequireFfmpeg()
    {
        if (!HasFfmpeg)
        {
            Assert.Ignore("ffmpeg/ffprobe not found on PATH (apt-get install ffmpeg); test needs files written by ffmpeg.");
        }
    }

    /// <summary>Runs a tool with arguments (no shell) and throws with its stderr when it fails.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var result = new ProcessRunner().RunAsync(tool, arguments, CancellationToken.None).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }

        return result.StandardOutput;
    }

    private static bool CanRun(string tool)
    {
        try
        {
            Run(tool, "-version");
            return true;
        }
        catch (Exception e) when (e is ToolNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
