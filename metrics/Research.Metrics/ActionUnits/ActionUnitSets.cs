using Research.Datasets.ErNerf;

namespace Research.Metrics.ActionUnits;

/// <summary>
/// The action-unit sets of TalkingGaussian's <c>auerror.py</c> (metrics.md §6): upper face (AUE-U, 8 units), lower face
/// (AUE-L, 9 units) and all 17 OpenFace 2.2 intensity units (= U + L).
/// </summary>
public static class ActionUnitSets
{
    /// <summary>AUE-U: AU01 AU02 AU04 AU05 AU06 AU07 AU09 AU45.</summary>
    public static IReadOnlyList<string> Upper { get; } = ["AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU45"];

    /// <summary>AUE-L: AU10 AU12 AU14 AU15 AU17 AU20 AU23 AU25 AU26.</summary>
    public static IReadOnlyList<string> Lower { get; } = ["AU10", "AU12", "AU14", "AU15", "AU17", "AU20", "AU23", "AU25", "AU26"];

    /// <summary>All 17 intensity units in OpenFace's (sorted) column order.</summary>
    public static IReadOnlyList<string> All => OpenFaceColumns.IntensityUnits;

    /// <summary>The intensity column of a unit, e.g. <c>AU45_r</c> (OpenFace writes it as <c>" AU45_r"</c>).</summary>
    public static string IntensityColumn(string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        return OpenFaceColumns.Intensity(unit.Trim());
    }
}
