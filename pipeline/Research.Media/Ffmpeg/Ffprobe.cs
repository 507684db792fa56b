namespace Research.Media.Ffmpeg;

/// <summary>Runs ffprobe and turns its JSON report into a <see cref="MediaProbe"/>.</summary>
public sealed class Ffprobe
{
    private readonly FfmpegTools tools;
    private readonly IProcessRunner runner;

    /// <summary>Creates the prober.</summary>
    /// <param name="tools">Where ffprobe is.</param>
    /// <param name="runner">Runs ffprobe; defaults to <see cref="ProcessRunner"/>.</param>
    public Ffprobe(FfmpegTools tools, IProcessRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        this.tools = tools;
        this.runner = runner ?? new ProcessRunner();
    }

    /// <summary>Probes a media file.</summary>
    /// <param name="path">File to probe.</param>
    /// <param name="cancellationToken">Stops ffprobe.</param>
    /// <returns>Video geometry, rate, frame count, duration and audio streams.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ToolNotFoundException">ffprobe is not installed.</exception>
    /// <exception cref="FfmpegException">ffprobe could not read the file (the message holds its stderr).</exception>
    /// <exception cref="MediaFormatException">The file has neither video nor audio.</exception>
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Cannot probe '{path}': the file does not exist.", fullPath);
        }

        var exe = tools.RequireFfprobe();
        string[] arguments = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", fullPath];
        var result = await runner.RunAsync(exe, arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new FfmpegException("ffprobe", $"probing '{path}'", result.ExitCode, result.StandardError);
        }

        return MediaProbe.ParseFfprobeJson(result.StandardOutput, path);
    }
}
