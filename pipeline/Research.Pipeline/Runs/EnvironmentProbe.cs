using System.Runtime.InteropServices;
using Research.Media.Ffmpeg;

namespace Research.Pipeline.Runs;

/// <summary>Facts about the machine and the source tree recorded in every manifest. Each probe runs at most once.</summary>
public sealed class EnvironmentProbe
{
    private readonly Lazy<string> _cpu = new(ReadCpu);
    private readonly Lazy<(string? Commit, bool? Dirty)> _git;

    /// <summary>Creates a probe; git facts are read from <paramref name="workingDirectory"/>.</summary>
    public EnvironmentProbe(string workingDirectory)
    {
        _git = new(() => ReadGit(workingDirectory));
    }

    /// <summary>CPU model name.</summary>
    public string Cpu => _cpu.Value;

    /// <summary>Logical processors.</summary>
    public static int ProcessorCount => Environment.ProcessorCount;

    /// <summary>Operating system description.</summary>
    public static string OperatingSystem => RuntimeInformation.OSDescription;

    /// <summary>.NET runtime description.</summary>
    public static string DotNet => RuntimeInformation.FrameworkDescription;

    /// <summary>Git commit of the source tree, or null outside a checkout.</summary>
    public string? GitCommit => _git.Value.Commit;

    /// <summary>True when the checkout has uncommitted changes; null outside a checkout.</summary>
    public bool? GitDirty => _git.Value.Dirty;

    private static string ReadCpu()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // Fall through to the architecture name.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static (string?, bool?) ReadGit(string directory)
    {
        var commit = RunGit(directory, "rev-parse", "HEAD");
        if (commit is null)
        {
            return (null, null);
        }

        var status = RunGit(directory, "status", "--porcelain", "--untracked-files=no");
        return (commit, status is null ? null : status.Length > 0);
    }

    private static string? RunGit(string directory, params string[] args)
    {
        try
        {
            // Facts only: a probe never blocks a run, so any failure just means "unknown".
            var result = new ProcessRunner().RunAsync("git", ["-C", directory, .. args], CancellationToken.None).GetAwaiter().GetResult();
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (ToolNotFoundException)
        {
            return null; // git not installed
        }
    }
}
