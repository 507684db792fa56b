using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>Sync-C / Sync-D in the evaluate stage (<c>metrics.syncnet</c>).</summary>
public sealed record SyncNetOptions : IValidatableOptions
{
    /// <summary>The accepted <see cref="Crop"/> values.</summary>
    public static IReadOnlyList<string> CropModes { get; } = ["auto", "face-crop", "resize224"];

    /// <summary>Compute Sync-C / Sync-D (shown as "—" with a footnote when the weights are absent).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>syncnet_v2.model</c> (or a .safetensors copy), or a folder holding it; null: ~/.cache/research/weights/syncnet.</summary>
    public string? Weights { get; init; }

    /// <summary>
    /// <c>face-crop</c> (syncnet_python's crop around a face box from the dataset's landmarks), <c>resize224</c>
    /// (whole frame, Wav2Lip's LRS mode) or <c>auto</c> (face-crop when the dataset has landmarks).
    /// </summary>
    public string Crop { get; init; } = "auto";

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!CropModes.Contains(Crop, StringComparer.Ordinal))
        {
            yield return ("crop", $"'{Crop}' is not a crop mode; use one of {string.Join(", ", CropModes)}.");
        }
    }
}
