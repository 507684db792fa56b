using System.Globalization;
using Research.Media.Ffmpeg;

namespace Research.Metrics.ActionUnits;

/// <summary>
/// Runs OpenFace 2.2's <c>FeatureExtraction</c> on a video or an image folder and returns the CSV it writes.
/// OpenFace is an external program under its own licence (academic, non-commercial use); we never link or ship it,
/// only start the binary the configuration names and read its CSV. Arguments go through
/// <see cref="IProcessRunner"/> (<see cref="System.Diagnostics.ProcessStartInfo.ArgumentList"/>, never a shell string).
/// </summary>
public sealed class OpenFaceRunner
{
    private const string ToolName = "OpenFace FeatureExtraction";
    private const int StderrTail = 2000;
    private readonly IProcessRunner processRunner;

    /// <summary>Creates a runner for the given binary.</summary>
    /// <param name="featureExtractionPath">Path of <c>FeatureExtraction</c> (or a bare name to look up on PATH).</param>
    /// <param name="processRunner">Process seam; defaults to <see cref="ProcessRunner"/>.</param>
    public OpenFaceRunner(string featureExtractionPath, IProcessRunner? processRunner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureExtractionPath);
        ExecutablePath = featureExtractionPath;
        this.processRunner = processRunner ?? new ProcessRunner();
    }

    /// <summary>The binary that is started.</summary>
    public string ExecutablePath { get; }

    /// <summary>Output selection flags passed after the input and output folder (default <c>-aus -2Dfp</c>: AU intensities/occurrences and 2-D landmarks).</summary>
    public IReadOnlyList<string> OutputArguments { get; init; } = ["-aus", "-2Dfp"];

    /// <summary>The argument list for an input (<c>-f</c> for a video file, <c>-fdir</c> for an image folder).</summary>
    public IReadOnlyList<string> BuildArguments(string input, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        return [Directory.Exists(input) ? "-fdir" : "-f", input, "-out_dir", outputDirectory, .. OutputArguments];
    }

    /// <summary>Runs <c>FeatureExtraction</c> and returns the path of the CSV it wrote.</summary>
    /// <param name="input">A video file, or a folder of frame images.</param>
    /// <param name="outputDirectory">Where OpenFace writes; a new folder under the system temp folder when null.</param>
    /// <param name="cancellationToken">Stops the process.</param>
    /// <exception cref="ToolNotFoundException">The binary does not exist or cannot be started.</exception>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="InvalidOperationException">OpenFace exited with a non-zero code or wrote no CSV (the message carries the end of its stderr).</exception>
    public async Task<string> ExtractAsync(string input, string? outputDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            throw new FileNotFoundException($"{ToolName}: input '{input}' does not exist.", input);
        }

        var looksLikePath = ExecutablePath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || ExecutablePath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal);
        if (looksLikePath && !File.Exists(ExecutablePath))
        {
            throw new ToolNotFoundException(ToolName, ExecutablePath, Hint);
        }

        outputDirectory ??= Path.Combine(Path.GetTempPath(), "research-openface", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outputDirectory);
        ProcessResult result;
        try
        {
            result = await processRunner.RunAsync(ExecutablePath, BuildArguments(input, outputDirectory), cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException e)
        {
            throw new ToolNotFoundException(ToolName, ExecutablePath, Hint, e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{ToolName} '{ExecutablePath}' failed on '{input}' with exit code {result.ExitCode}: {Tail(result.StandardError)}"));
        }

        var expected = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(input)) + ".csv");
        if (File.Exists(expected))
        {
            return expected;
        }

        var csvs = Directory.GetFiles(outputDirectory, "*.csv");
        return csvs.Length == 1
            ? csvs[0]
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{ToolName} '{ExecutablePath}' exited 0 on '{input}' but '{outputDirectory}' holds {csvs.Length} CSV files instead of '{Path.GetFileName(expected)}': {Tail(result.StandardError)}"));
    }

    private static string Hint =>
        "install OpenFace 2.2.0 (https://github.com/TadasBaltrusaitis/OpenFace, academic non-commercial licence) and set the configured FeatureExtraction path";

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= StderrTail ? trimmed : "…" + trimmed[^StderrTail..];
    }
}
