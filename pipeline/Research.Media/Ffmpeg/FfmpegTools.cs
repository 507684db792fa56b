namespace Research.Media.Ffmpeg;

/// <summary>
/// Locates the ffmpeg and ffprobe executables: from explicit paths (a file, or a folder holding both) or on PATH.
/// </summary>
/// <remarks>
/// Lookup happens once, in the constructor. When only an ffmpeg path is configured, ffprobe is looked for next to it
/// first, then on PATH. Missing tools are reported by <see cref="RequireFfmpeg"/> / <see cref="RequireFfprobe"/> with
/// a <see cref="ToolNotFoundException"/> whose message gives install commands.
/// </remarks>
public sealed class FfmpegTools
{
    /// <summary>What to tell a user who has no ffmpeg.</summary>
    public const string InstallHint =
        "install with: apt-get install ffmpeg (Debian/Ubuntu), brew install ffmpeg (macOS), winget install ffmpeg (Windows), or set the path in the config";

    private readonly string? configuredFfmpeg;
    private readonly string? configuredFfprobe;
    private readonly IProcessRunner runner;
    private readonly Lazy<Task<string>> version;

    /// <summary>Locates the tools.</summary>
    /// <param name="ffmpegPath">ffmpeg executable or a folder holding it; null to search PATH.</param>
    /// <param name="ffprobePath">ffprobe executable or a folder holding it; null to look next to ffmpeg, then on PATH.</param>
    /// <param name="runner">Runs the tools for <see cref="GetVersionAsync"/>; defaults to <see cref="ProcessRunner"/>.</param>
    public FfmpegTools(string? ffmpegPath = null, string? ffprobePath = null, IProcessRunner? runner = null)
    {
        configuredFfmpeg = string.IsNullOrWhiteSpace(ffmpegPath) ? null : ffmpegPath;
        configuredFfprobe = string.IsNullOrWhiteSpace(ffprobePath) ? null : ffprobePath;
        this.runner = runner ?? new ProcessRunner();
        FfmpegPath = Resolve(configuredFfmpeg, "ffmpeg", siblingOf: null);
        FfprobePath = Resolve(configuredFfprobe, "ffprobe", siblingOf: configuredFfprobe is null ? FfmpegPath : null);
        version = new Lazy<Task<string>>(LoadVersionAsync);
    }

    /// <summary>Full path of ffmpeg, or null when it was not found.</summary>
    public string? FfmpegPath { get; }

    /// <summary>Full path of ffprobe, or null when it was not found.</summary>
    public string? FfprobePath { get; }

    /// <summary>True when both ffmpeg and ffprobe were found.</summary>
    public bool IsAvailable => FfmpegPath is not null && FfprobePath is not null;

    /// <summary>
    /// The first line of <c>ffmpeg -version</c>, e.g. "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) ...", for run
    /// manifests. Runs ffmpeg on first use (blocking); prefer <see cref="GetVersionAsync"/> in async code.
    /// </summary>
    /// <exception cref="ToolNotFoundException">ffmpeg was not found.</exception>
    public string Version => GetVersionAsync().GetAwaiter().GetResult();

    /// <summary>The first line of <c>ffmpeg -version</c>; ffmpeg runs once and the answer is cached.</summary>
    /// <param name="cancellationToken">Stops waiting (the cached run continues).</param>
    /// <returns>The version line.</returns>
    /// <exception cref="ToolNotFoundException">ffmpeg was not found.</exception>
    /// <exception cref="FfmpegException">ffmpeg -version failed.</exception>
    public Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        RequireFfmpeg();
        return version.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The ffmpeg path.</summary>
    /// <returns>Full path of ffmpeg.</returns>
    /// <exception cref="ToolNotFoundException">ffmpeg was not found; the message says how to install it.</exception>
    public string RequireFfmpeg() =>
        FfmpegPath ?? throw new ToolNotFoundException("ffmpeg", configuredFfmpeg ?? "ffmpeg on PATH", InstallHint);

    /// <summary>The ffprobe path.</summary>
    /// <returns>Full path of ffprobe.</returns>
    /// <exception cref="ToolNotFoundException">ffprobe was not found; the message says how to install it.</exception>
    public string RequireFfprobe() =>
        FfprobePath ?? throw new ToolNotFoundException("ffprobe", configuredFfprobe ?? (configuredFfmpeg is null ? "ffprobe on PATH" : "ffprobe next to ffmpeg and on PATH"), InstallHint);

    private static string? Resolve(string? configured, string toolName, string? siblingOf)
    {
        if (configured is null)
        {
            if (siblingOf is not null && FindIn(Path.GetDirectoryName(siblingOf), toolName) is { } sibling)
            {
                return sibling;
            }

            return FindOnPath(toolName);
        }

        if (Directory.Exists(configured))
        {
            return FindIn(configured, toolName);
        }

        // A bare name ("ffmpeg6") is looked up on PATH like a shell would; anything with a folder part is a file path.
        var isBareName = configured.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) < 0 && !Path.IsPathRooted(configured);
        if (isBareName)
        {
            return FindOnPath(configured);
        }

        return File.Exists(configured) ? Path.GetFullPath(configured) : null;
    }

    private static string? FindOnPath(string name)
    {
        var pathVariable = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        foreach (var directory in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (FindIn(directory, name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? FindIn(string? directory, string name)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return null;
        }

        foreach (var extension in ExecutableExtensions())
        {
            var candidate = Path.Combine(directory, name + extension);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static string[] ExecutableExtensions()
    {
        if (!OperatingSystem.IsWindows())
        {
            return [string.Empty];
        }

        var pathExt = Environment.GetEnvironmentVariable("PATHEXT");
        var extensions = string.IsNullOrEmpty(pathExt) ? [".exe"] : pathExt.Split(';', StringSplitOptions.RemoveEmptyEntries);
        return [.. extensions, string.Empty];
    }

    private async Task<string> LoadVersionAsync()
    {
        var path = RequireFfmpeg();
        var result = await runner.RunAsync(path, ["-version"], CancellationToken.None).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new FfmpegException("ffmpeg", "reading its version", result.ExitCode, result.StandardError);
        }

        using var reader = new StringReader(result.StandardOutput);
        return reader.ReadLine()?.Trim() ?? string.Empty;
    }
}
