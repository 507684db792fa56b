using System.Numerics;

namespace Research.Datasets.ErNerf;

/// <summary>One row of an OpenFace 2.2 <c>FeatureExtraction</c> CSV, limited to the columns we write.</summary>
/// <param name="Frame">1-based frame number, as OpenFace writes it.</param>
/// <param name="Timestamp">Seconds from the start of the video ((frame − 1) / fps for a video).</param>
/// <param name="Confidence">Landmark detection confidence in [0, 1].</param>
/// <param name="Success">Whether the face was tracked in this frame.</param>
/// <param name="Pose">Head pose.</param>
/// <param name="Landmarks">2D landmarks in pixels (68 for OpenFace's CE-CLM model; the same count in every row).</param>
/// <param name="Intensities">
/// AU intensities in [0, 5] keyed by unit ("AU01" … "AU45", see <see cref="OpenFaceColumns.IntensityUnits"/>);
/// empty to write zeros, as OpenFace does when it has none.
/// </param>
/// <param name="Occurrences">AU presence keyed by unit (see <see cref="OpenFaceColumns.OccurrenceUnits"/>); empty to write zeros.</param>
public sealed record OpenFaceFrame(
    int Frame,
    double Timestamp,
    double Confidence,
    bool Success,
    OpenFacePose Pose,
    IReadOnlyList<Vector2> Landmarks,
    IReadOnlyDictionary<string, double> Intensities,
    IReadOnlyDictionary<string, bool> Occurrences);
