using Research.Metrics.Evaluation;

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

    /// <summary>~/.cache/research/weights/syncnet under the user's home folder.</summary>
    public static string DefaultFolder { get; } = Path.Combine(WeightPaths.DefaultRoot, "syncnet");

    /// <summary>
    /// Resolves the configured location (<c>metrics.syncnet.weights</c>): a file is used as is; a folder (or null:
    /// <see cref="DefaultFolder"/>) is searched for <see cref="FileName"/>, then <c>syncnet_v2.safetensors</c>. A
    /// leading "~/" is the user's home. Returns null when nothing is there, with <paramref name="expected"/> naming
    /// where the file was looked for.
    /// </summary>
    public static string? Locate(string? configured, out string expected)
    {
        var location = string.IsNullOrEmpty(configured) ? DefaultFolder : WeightPaths.ExpandHome(configured);
        location = Path.GetFullPath(location);
        if (File.Exists(location))
        {
            expected = location;
            return location;
        }

        var looksLikeFile = !Directory.Exists(location) && Path.HasExtension(location);
        expected = looksLikeFile ? location : Path.Combine(location, FileName);
        if (looksLikeFile)
        {
            return null;
        }

        foreach (var name in new[] { FileName, Path.ChangeExtension(FileName, ".safetensors") })
        {
            var candidate = Path.Combine(location, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The actionable message for a weight file that is not at <paramref name="path"/>.</summary>
    /// <param name="path">Where the file was looked for.</param>
    public static string MissingMessage(string path) =>
        $"SyncNet weights not found at '{path}'. Sync-C / Sync-D need {FileName} (≈ 54.6 MB, a PyTorch state dict of "
        + $"syncnet_python's SyncNetModel.S). Download it from {SourceUrl} (as syncnet_python's download_model.sh does) "
        + $"and put it there or give its location (metrics.syncnet.weights in a config, --syncnet-weights on the command line); a safetensors copy with the same tensor names also works. Licence: {Licence}. "
        + "No Sync score is computed without the real weights.";
}
