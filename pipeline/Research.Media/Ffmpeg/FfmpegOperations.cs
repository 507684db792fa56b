using System.Globalization;
using Research.Media.IO;

namespace Research.Media.Ffmpeg;

/// <summary>
/// The ffmpeg jobs the pipeline needs: frames out of a video, 16 kHz speech audio out of a video, a numbered PNG
/// sequence (plus audio) into an H.264 mp4, and side-by-side comparison videos.
/// </summary>
/// <remarks>
/// Every run passes <c>-y -nostdin -hide_banner -loglevel error</c>, so stderr holds only errors. Outputs appear
/// atomically: ffmpeg writes a temp file or folder next to the destination, which is renamed only on success and
/// deleted on failure. Paths are passed as absolute paths so a name starting with '-' is never read as an option.
/// </remarks>
public sealed class FfmpegOperations
{
    /// <summary>Pads to even width and height, which yuv420p (4:2:0 chroma) requires; adds at most one pixel.</summary>
    private const string EvenSizePad = "pad=ceil(iw/2)*2:ceil(ih/2)*2";

    private static readonly string[] CommonArguments = ["-y", "-nostdin", "-hide_banner", "-loglevel", "error"];
    private static readonly string[] H264Arguments = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18"];

    private readonly FfmpegTools tools;
    private readonly IProcessRunner runner;

    /// <summary>Creates the operations.</summary>
    /// <param name="tools">Where ffmpeg is.</param>
    /// <param name="runner">Runs ffmpeg; defaults to <see cref="ProcessRunner"/>.</param>
    public FfmpegOperations(FfmpegTools tools, IProcessRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        this.tools = tools;
        this.runner = runner ?? new ProcessRunner();
    }

    /// <summary>
    /// Decodes a video into PNG frames named <c>0.png</c>, <c>1.png</c>, ... resampled to <paramref name="fps"/>
    /// (<c>-vf fps=…</c>).
    /// </summary>
    /// <param name="videoPath">Input video.</param>
    /// <param name="outputDirectory">Folder to create; it must not exist or be empty (an empty one is replaced).</param>
    /// <param name="fps">Output frame rate, e.g. 25.</param>
    /// <param name="cancellationToken">Stops ffmpeg; nothing is left behind.</param>
    /// <returns>The number of frames written.</returns>
    /// <exception cref="IOException"><paramref name="outputDirectory"/> exists and is not empty.</exception>
    /// <exception cref="ToolNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed; the message holds its stderr.</exception>
    public async Task<int> ExtractFramesAsync(string videoPath, string outputDirectory, double fps, CancellationToken cancellationToken = default)
    {
        var input = ExistingFile(videoPath, nameof(videoPath));
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var fpsText = FormatRate(fps, nameof(fps));
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        CheckReplaceableDirectory(output);

        var temp = AtomicFile.TempPathFor(output);
        Directory.CreateDirectory(temp);
        try
        {
            string[] arguments =
            [
                .. CommonArguments,
                "-i", input,
                "-vf", "fps=" + fpsText,
                "-start_number", "0",
                Path.Combine(EscapePattern(temp), "%d.png"),
            ];
            await RunAsync(arguments, $"extracting frames from '{videoPath}'", cancellationToken).ConfigureAwait(false);
            var count = Directory.GetFiles(temp, "*.png").Length;

            // Non-recursive delete: it fails, rather than destroying files, if something appeared meanwhile.
            if (Directory.Exists(output))
            {
                Directory.Delete(output);
            }

            Directory.Move(temp, output);
            return count;
        }
        catch
        {
            AtomicFile.TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>
    /// Extracts the audio of a media file as a mono 16-bit PCM WAV (<c>-vn -ac 1 -ar 16000 -c:a pcm_s16le</c>), the
    /// input that speech feature extractors expect.
    /// </summary>
    /// <param name="mediaPath">Input video or audio file.</param>
    /// <param name="wavPath">Output WAV; replaced if it exists.</param>
    /// <param name="sampleRate">Output sample rate in Hz.</param>
    /// <param name="cancellationToken">Stops ffmpeg; nothing is left behind.</param>
    /// <exception cref="ToolNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed (e.g. the input has no audio); the message holds its stderr.</exception>
    public Task ExtractAudioAsync(string mediaPath, string wavPath, int sampleRate = 16000, CancellationToken cancellationToken = default)
    {
        var input = ExistingFile(mediaPath, nameof(mediaPath));
        ArgumentException.ThrowIfNullOrEmpty(wavPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        string[] arguments =
        [
            .. CommonArguments,
            "-i", input,
            "-vn",
            "-ac", "1",
            "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
            "-c:a", "pcm_s16le",
        ];
        return RunToFileAsync(arguments, wavPath, "wav", $"extracting audio from '{mediaPath}'", cancellationToken);
    }

    /// <summary>
    /// Encodes <c>0.png</c>, <c>1.png</c>, ... from a folder into an H.264 video (<c>libx264</c>, yuv420p, CRF 18),
    /// padding odd sizes to even, and muxes the optional audio as AAC, cut to the shorter of the two.
    /// </summary>
    /// <param name="framesDirectory">Folder holding frames numbered from 0.</param>
    /// <param name="fps">Frame rate of the sequence.</param>
    /// <param name="audioPath">Audio to add (e.g. the driving WAV), or null for a silent video.</param>
    /// <param name="outputPath">Output video (.mp4; .mov and .mkv pick those containers); replaced if it exists.</param>
    /// <param name="startNumber">Number of the first frame file (frames are consecutive from it).</param>
    /// <param name="cancellationToken">Stops ffmpeg; nothing is left behind.</param>
    /// <exception cref="FileNotFoundException">There is no <c>0.png</c>, or the audio file is missing.</exception>
    /// <exception cref="ToolNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed (e.g. frames of different sizes, or no libx264); the message holds its stderr.</exception>
    public Task EncodeVideoAsync(string framesDirectory, double fps, string? audioPath, string outputPath, int startNumber = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(framesDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var fpsText = FormatRate(fps, nameof(fps));
        var frames = Path.GetFullPath(framesDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(startNumber);
        var firstFrame = startNumber.ToString(CultureInfo.InvariantCulture) + ".png";
        if (!File.Exists(Path.Combine(frames, firstFrame)))
        {
            throw new FileNotFoundException(
                $"'{framesDirectory}' has no {firstFrame}; frames must be named {firstFrame}, then consecutive numbers without zero padding.",
                Path.Combine(frames, firstFrame));
        }

        var audio = audioPath is null ? null : ExistingFile(audioPath, nameof(audioPath));
        List<string> arguments =
        [
            .. CommonArguments,
            "-framerate", fpsText,
            "-start_number", startNumber.ToString(CultureInfo.InvariantCulture),
            "-i", Path.Combine(EscapePattern(frames), "%d.png"),
        ];
        if (audio is not null)
        {
            arguments.AddRange(["-i", audio]);
        }

        arguments.AddRange(["-map", "0:v:0"]);
        if (audio is not null)
        {
            arguments.AddRange(["-map", "1:a:0"]);
        }

        arguments.AddRange(["-vf", EvenSizePad, .. H264Arguments]);
        if (audio is not null)
        {
            arguments.AddRange(["-c:a", "aac", "-shortest"]);
        }

        return RunToFileAsync(arguments, outputPath, ContainerFor(outputPath), $"encoding the frames in '{framesDirectory}'", cancellationToken);
    }

    /// <summary>
    /// Places two or more videos side by side (<c>hstack</c>) into one H.264 video, keeping the first input's audio
    /// when it has any. The inputs must have the same height; the result runs as long as the longest input.
    /// </summary>
    /// <param name="videoPaths">Videos, left to right.</param>
    /// <param name="outputPath">Output video (.mp4; .mov and .mkv pick those containers); replaced if it exists.</param>
    /// <param name="cancellationToken">Stops ffmpeg; nothing is left behind.</param>
    /// <exception cref="ArgumentException">Fewer than two inputs.</exception>
    /// <exception cref="ToolNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed (e.g. different heights); the message holds its stderr.</exception>
    public Task StackHorizontallyAsync(IReadOnlyList<string> videoPaths, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(videoPaths);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (videoPaths.Count < 2)
        {
            throw new ArgumentException($"Stacking needs at least two videos, got {videoPaths.Count}.", nameof(videoPaths));
        }

        List<string> arguments = [.. CommonArguments];
        var labels = string.Empty;
        for (var i = 0; i < videoPaths.Count; i++)
        {
            arguments.AddRange(["-i", ExistingFile(videoPaths[i], nameof(videoPaths))]);
            labels += string.Create(CultureInfo.InvariantCulture, $"[{i}:v]");
        }

        var filter = string.Create(CultureInfo.InvariantCulture, $"{labels}hstack=inputs={videoPaths.Count},{EvenSizePad}[v]");

        // "0:a?" maps the first input's audio only if it exists, so silent inputs still work.
        arguments.AddRange(["-filter_complex", filter, "-map", "[v]", "-map", "0:a?", .. H264Arguments, "-c:a", "aac"]);
        return RunToFileAsync(arguments, outputPath, ContainerFor(outputPath), $"stacking {videoPaths.Count} videos", cancellationToken);
    }

    private static string ExistingFile(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, parameterName);
        var fullPath = Path.GetFullPath(path);
        return File.Exists(fullPath)
            ? fullPath
            : throw new FileNotFoundException($"Input file '{path}' does not exist.", fullPath);
    }

    private static string FormatRate(double fps, string parameterName)
    {
        if (!double.IsFinite(fps) || fps <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, fps, "Frame rate must be a positive number.");
        }

        return fps.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>ffmpeg's image sequence patterns treat '%' specially, so a literal '%' in a folder name is doubled.</summary>
    private static string EscapePattern(string directory) => directory.Replace("%", "%%", StringComparison.Ordinal);

    private static string ContainerFor(string outputPath) => Path.GetExtension(outputPath).ToUpperInvariant() switch
    {
        ".MOV" => "mov",
        ".MKV" => "matroska",
        _ => "mp4",
    };

    private static void CheckReplaceableDirectory(string directory)
    {
        if (File.Exists(directory))
        {
            throw new IOException($"'{directory}' is a file; frames need a folder path.");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"'{directory}' already exists and is not empty; delete it or choose another folder for the frames.");
        }
    }

    private async Task RunToFileAsync(IReadOnlyList<string> arguments, string outputPath, string container, string operation, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(outputPath);
        AtomicFile.EnsureParentDirectory(output);

        // The temp name hides the extension, so the container is named explicitly with -f.
        var temp = AtomicFile.TempPathFor(output);
        try
        {
            await RunAsync([.. arguments, "-f", container, temp], operation, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(temp))
            {
                throw new FfmpegException("ffmpeg", operation, 0, "ffmpeg reported success but wrote no output file.");
            }

            File.Move(temp, output, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDeleteFile(temp);
            throw;
        }
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, string operation, CancellationToken cancellationToken)
    {
        var exe = tools.RequireFfmpeg();
        var result = await runner.RunAsync(exe, arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new FfmpegException("ffmpeg", operation, result.ExitCode, result.StandardError);
        }
    }
}
