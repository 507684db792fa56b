using System.Numerics;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Metrics.Pairing;

namespace Research.Metrics.Landmarks;

/// <summary>
/// Landmarks from ER-NeRF <c>.lms</c> files (68 rows of <c>x y</c>, read by <see cref="LandmarkFile.Read"/>), one file per
/// frame. The synthetic ground truth writes the same files (<c>ori_imgs/&lt;i&gt;.lms</c>).
/// </summary>
public sealed class LmsLandmarkSource : ILandmarkSource
{
    private readonly IReadOnlyList<string> files;

    /// <summary>Uses the given files, in the given order (for example only the test split's frames).</summary>
    public LmsLandmarkSource(IReadOnlyList<string> files, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        this.files = [.. files];
        Description = description ?? (files.Count > 0 ? $"{files.Count} .lms files from '{Path.GetDirectoryName(files[0])}'" : "no .lms files");
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public int FrameCount => files.Count;

    /// <summary>Every <c>*.lms</c> file of a folder, in numeric order when the stems are numbers (0.lms, 1.lms, …, 10.lms).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no <c>.lms</c> file.</exception>
    public static LmsLandmarkSource FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Landmark folder '{directory}' does not exist.");
        }

        var names = Directory.EnumerateFiles(directory)
            .Where(p => string.Equals(Path.GetExtension(p), ".lms", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFileName(p));
        var ordered = FramePairing.OrderFileNames(names);
        if (ordered.Count == 0)
        {
            throw new InvalidDataException($"Landmark folder '{directory}' holds no .lms files.");
        }

        return new LmsLandmarkSource([.. ordered.Select(n => Path.Combine(directory, n))], $"folder '{directory}'");
    }

    /// <inheritdoc />
    public string FrameName(int index) => Path.GetFileName(files[index]);

    /// <inheritdoc />
    public IReadOnlyList<Vector2> Read(int index)
    {
        try
        {
            return LandmarkFile.Read(files[index]);
        }
        catch (MediaFormatException e)
        {
            throw new InvalidDataException($"Landmark file {e.Message}", e);
        }
    }
}
