using System.Globalization;

namespace Research.Datasets.ErNerf;

/// <summary>
/// Column names of OpenFace 2.2 <c>FeatureExtraction</c> CSVs (trimmed; in the file every name but the first carries a
/// leading space because fields are separated by <c>", "</c>).
/// </summary>
public static class OpenFaceColumns
{
    /// <summary>1-based frame number.</summary>
    public const string Frame = "frame";

    /// <summary>Face index within the frame (0 for single-face videos).</summary>
    public const string FaceId = "face_id";

    /// <summary>Seconds.</summary>
    public const string Timestamp = "timestamp";

    /// <summary>Landmark confidence.</summary>
    public const string Confidence = "confidence";

    /// <summary>1 when tracked, 0 otherwise.</summary>
    public const string Success = "success";

    /// <summary>The six pose columns, in file order.</summary>
    public static IReadOnlyList<string> Pose { get; } = ["pose_Tx", "pose_Ty", "pose_Tz", "pose_Rx", "pose_Ry", "pose_Rz"];

    /// <summary>Units with an intensity column <c>AUxx_r</c>, in file order (OpenFace sorts the names).</summary>
    public static IReadOnlyList<string> IntensityUnits { get; } =
        ["AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU10", "AU12", "AU14", "AU15", "AU17", "AU20", "AU23", "AU25", "AU26", "AU45"];

    /// <summary>Units with an occurrence column <c>AUxx_c</c>, in file order: the intensity units plus AU28 (lip suck).</summary>
    public static IReadOnlyList<string> OccurrenceUnits { get; } =
        ["AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU10", "AU12", "AU14", "AU15", "AU17", "AU20", "AU23", "AU25", "AU26", "AU28", "AU45"];

    /// <summary>The intensity column of a unit, e.g. <c>AU45_r</c>.</summary>
    public static string Intensity(string unit) => unit + "_r";

    /// <summary>The occurrence column of a unit, e.g. <c>AU45_c</c>.</summary>
    public static string Occurrence(string unit) => unit + "_c";

    /// <summary>The x column of landmark <paramref name="index"/> (<c>x_0</c> … ).</summary>
    public static string LandmarkX(int index) => "x_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The y column of landmark <paramref name="index"/> (<c>y_0</c> … ).</summary>
    public static string LandmarkY(int index) => "y_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The trimmed header <see cref="OpenFaceCsv.Write"/> produces, in OpenFace's order: frame, face_id, timestamp,
    /// confidence, success, pose, x_*, y_*, AU*_r, AU*_c.
    /// </summary>
    public static IReadOnlyList<string> WrittenHeader(int landmarkCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(landmarkCount);
        var names = new List<string> { Frame, FaceId, Timestamp, Confidence, Success };
        names.AddRange(Pose);
        for (var i = 0; i < landmarkCount; i++)
        {
            names.Add(LandmarkX(i));
        }

        for (var i = 0; i < landmarkCount; i++)
        {
            names.Add(LandmarkY(i));
        }

        names.AddRange(IntensityUnits.Select(Intensity));
        names.AddRange(OccurrenceUnits.Select(Occurrence));
        return names;
    }
}
