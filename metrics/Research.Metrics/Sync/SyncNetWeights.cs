namespace Research.Metrics.Sync;

/// <summary>Facts about the published SyncNet weight file (metrics.md §9) and the message shown when it is missing.</summary>
public static class SyncNetWeights
{
    /// <summary>The published file name.</summary>
    public const string FileName = "syncnet_v2.model";

    /// <summary>Where syncnet_python's <c>download_model.sh</c> fetches it from.</summary>
    public const string SourceUrl = "http://www.robots.ox.ac.uk/~vgg/software/lipsync/data/syncnet_v2.model";

    /// <summary>Licence situation.</summary>
    public const string Licence = "the syncnet_python code is MIT-licensed; the weights are published by the Oxford VGG group without an explicit licence (unverified) — check their terms before redistributing";

    /// <summary>The actionable message for a weight file that is not at <paramref name="path"/>.</summary>
    /// <param name="path">Where the file was looked for.</param>
    public static string MissingMessage(string path) =>
        $"SyncNet weights not found at '{path}'. Sync-C / Sync-D need {FileName} (≈ 54.6 MB, a PyTorch state dict of "
        + $"syncnet_python's SyncNetModel.S). Download it from {SourceUrl} (as syncnet_python's download_model.sh does) "
        + $"and pass its path; a safetensors copy with the same tensor names also works. Licence: {Licence}. "
        + "No Sync score is computed without the real weights.";
}
