using System.Diagnostics.CodeAnalysis;

namespace Research.Metrics.Image;

/// <summary>Stable string ids for <see cref="SsimVariant"/>, used in reports and on the command line.</summary>
public static class SsimVariantExtensions
{
    /// <summary>Returns the id recorded in reports: <c>gaussian11-valid</c>, <c>3dgs-zero-pad</c> or <c>skimage-default-7x7</c>.</summary>
    public static string ToId(this SsimVariant variant) => variant switch
    {
        SsimVariant.Gaussian11Valid => "gaussian11-valid",
        SsimVariant.ThreeDgsZeroPad => "3dgs-zero-pad",
        SsimVariant.SkimageDefault7x7 => "skimage-default-7x7",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown SSIM variant."),
    };

    /// <summary>Parses an id (case-insensitive; underscores are accepted in place of hyphens, as metrics.md §12 writes them).</summary>
    public static bool TryParse(string? id, [NotNullWhen(true)] out SsimVariant? variant)
    {
        variant = null;
        if (id is null)
        {
            return false;
        }

        var normalized = id.Trim().Replace('_', '-');
        foreach (var candidate in Enum.GetValues<SsimVariant>())
        {
            if (string.Equals(candidate.ToId(), normalized, StringComparison.OrdinalIgnoreCase))
            {
                variant = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses an id, throwing an <see cref="ArgumentException"/> that lists the valid ids when it is unknown.</summary>
    public static SsimVariant Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (TryParse(id, out var variant))
        {
            return variant.Value;
        }

        var valid = string.Join(", ", Enum.GetValues<SsimVariant>().Select(v => v.ToId()));
        throw new ArgumentException($"Unknown SSIM variant '{id}'; expected one of: {valid}.", nameof(id));
    }
}
