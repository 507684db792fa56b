using System.Diagnostics;
using NUnit.Framework;

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
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({p.ExitCode}): {stderr.Result}");
        }

        return stdout;
    }

    private static bool CanRun(string tool)
    {
        try
        {
            Run(tool, "-version");
            return true;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
