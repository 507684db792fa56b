using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Animation;

namespace Research.Datasets.Synthetic;

/// <summary>
/// How expression weights become OpenFace action units in <c>au.csv</c>: intensity = 5 × weight clamped to
/// [0, 5], occurrence = intensity ≥ 1. Pucker (AU18) and Funnel (AU22) have no OpenFace column; the OpenFace units
/// without a blendshape (AU05, AU09, AU14, AU15, AU23, AU28) are written as 0.
/// </summary>
public static class SyntheticActionUnits
{
    /// <summary>OpenFace unit → the expression that drives it.</summary>
    public static IReadOnlyList<(string Unit, Expression Expression)> Mapping { get; } =
    [
        ("AU01", Expression.InnerBrowRaise),
        ("AU02", Expression.OuterBrowRaise),
        ("AU04", Expression.BrowLower),
        ("AU06", Expression.CheekRaise),
        ("AU07", Expression.LidTighten),
        ("AU10", Expression.UpperLipRaise),
        ("AU12", Expression.LipCornerPull),
        ("AU17", Expression.ChinRaise),
        ("AU20", Expression.LipStretch),
        ("AU25", Expression.LipsPart),
        ("AU26", Expression.JawDrop),
        ("AU45", Expression.Blink),
    ];

    /// <summary>The AU intensity of a blendshape weight: 5 × weight, clamped to [0, 5].</summary>
    public static double Intensity(float weight) => Math.Clamp(5.0 * weight, 0, 5);

    /// <summary>Intensities of every OpenFace intensity unit for one frame's weights.</summary>
    public static Dictionary<string, double> Intensities(ReadOnlySpan<float> weights)
    {
        var result = OpenFaceColumns.IntensityUnits.ToDictionary(u => u, _ => 0.0, StringComparer.Ordinal);
        foreach (var (unit, expression) in Mapping)
        {
            result[unit] = Intensity(weights[(int)expression]);
        }

        return result;
    }

    /// <summary>Occurrences of every OpenFace occurrence unit: intensity ≥ 1.</summary>
    public static Dictionary<string, bool> Occurrences(IReadOnlyDictionary<string, double> intensities)
    {
        ArgumentNullException.ThrowIfNull(intensities);
        return OpenFaceColumns.OccurrenceUnits.ToDictionary(u => u, u => intensities.TryGetValue(u, out var value) && value >= 1, StringComparer.Ordinal);
    }
}
