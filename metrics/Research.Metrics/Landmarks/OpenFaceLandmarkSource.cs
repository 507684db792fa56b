using System.Globalization;
using System.Numerics;
using Research.Metrics.ActionUnits;

namespace Research.Metrics.Landmarks;

/// <summary>
/// Landmarks from the <c>x_0..x_67</c>, <c>y_0..y_67</c> columns of an OpenFace CSV, one frame per row in file order.
/// Rows are not filtered on <c>success</c>: OpenFace still writes coordinates for frames it lost.
/// </summary>
public sealed class OpenFaceLandmarkSource : ILandmarkSource
{
    private readonly OpenFaceSequence sequence;
    private readonly int[]? frames;

    /// <summary>Wraps a CSV that was already read.</summary>
    /// <exception cref="InvalidDataException">The CSV has fewer than 68 landmark columns.</exception>
    public OpenFaceLandmarkSource(OpenFaceSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.LandmarkCount < LmdEvaluator.PointCount)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"OpenFace CSV '{sequence.Path}' has {sequence.LandmarkCount} 2-D landmark columns (x_i, y_i) but LMD needs {LmdEvaluator.PointCount}; run FeatureExtraction with -2Dfp."));
        }

        this.sequence = sequence;
        frames = sequence.HasColumn("frame") ? sequence.FrameNumbers() : null;
    }

    /// <inheritdoc />
    public string Description => $"OpenFace CSV '{sequence.Path}'";

    /// <inheritdoc />
    public int FrameCount => sequence.RowCount;

    /// <summary>Reads an OpenFace CSV.</summary>
    /// <exception cref="InvalidDataException">The file cannot be parsed or lacks landmark columns.</exception>
    public static OpenFaceLandmarkSource Read(string path) => new(OpenFaceSequence.Read(path));

    /// <summary>"frame N" with OpenFace's 1-based frame number (row + 1 without a <c>frame</c> column).</summary>
    public string FrameName(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"frame {frames?[index] ?? index + 1}");

    /// <inheritdoc />
    public IReadOnlyList<Vector2> Read(int index) => sequence.Landmarks(index);
}
