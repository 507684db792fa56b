using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>OpenFace 2.2 <c>FeatureExtraction</c>, which AUE and LMD read their action units and landmarks from (<c>metrics.openface</c>).</summary>
public sealed record OpenFaceOptions : IValidatableOptions
{
    /// <summary>Path of the <c>FeatureExtraction</c> binary; null: AUE and LMD are shown as "—" with a footnote.</summary>
    public string? Path { get; init; }

    /// <summary>Compute AUE-U / AUE-L from OpenFace's <c>AUxx_r</c> columns.</summary>
    public bool Aue { get; init; } = true;

    /// <summary>Compute LMD from OpenFace's 2-D landmarks.</summary>
    public bool Lmd { get; init; } = true;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Path is { Length: 0 })
        {
            yield return ("path", "is empty; remove the key or give the FeatureExtraction binary's path.");
        }
    }
}
