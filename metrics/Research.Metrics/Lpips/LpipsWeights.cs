using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Research.Metrics.Evaluation;

namespace Research.Metrics.Lpips;

/// <summary>
/// Finds the LPIPS weight files in a folder by their published names (docs/weights.md). The folder defaults to
/// <see cref="DefaultFolder"/> (~/.cache/research/weights/lpips); the configuration key <c>metrics.lpips.weights</c>
/// overrides it. Accepted layout (first match wins):
/// <list type="bullet">
/// <item>trunk: <c>alexnet-owt-7be5be79.pth</c>, <c>alexnet-owt-4df8aa71.pth</c> or <c>vgg16-397923af.pth</c>, or a
/// converted <c>.safetensors</c> with the same stem;</item>
/// <item>lin: <c>v0.1/alex.pth</c> (as in lpips/weights/v0.1/) or <c>alex.pth</c> directly in the folder (<c>vgg</c>
/// likewise), or the same stems as <c>.safetensors</c>.</item>
/// </list>
/// </summary>
public static class LpipsWeights
{
    /// <summary>~/.cache/research/weights/lpips under the user's home folder.</summary>
    public static string DefaultFolder { get; } = Path.Combine(WeightPaths.DefaultRoot, "lpips");

    /// <summary>
    /// Looks for the trunk and lin files of <paramref name="net"/> in <paramref name="folder"/> (null or empty:
    /// <see cref="DefaultFolder"/>; a leading "~/" is the user's home; a file stands for the folder holding it). Never
    /// throws for absent files or folders.
    /// </summary>
    public static LpipsWeightFiles Locate(LpipsNet net, string? folder = null)
    {
        var root = Path.GetFullPath(WeightPaths.ExpandHome(string.IsNullOrEmpty(folder) ? DefaultFolder : folder));
        if (File.Exists(root))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var missing = new List<LpipsPublishedFile>();
        var notes = new List<string>();

        string? trunk = null;
        foreach (var file in LpipsPublishedFile.Trunks(net))
        {
            trunk = FirstExisting(root, WithSafetensors(file.FileName));
            if (trunk is not null)
            {
                break;
            }
        }

        if (trunk is null)
        {
            missing.Add(LpipsPublishedFile.Trunks(net)[0]);
        }

        var lin = LpipsPublishedFile.Lin(net);
        var linPath = FirstExisting(root, [.. WithSafetensors(Path.Combine("v0.1", lin.FileName)), .. WithSafetensors(lin.FileName)]);
        if (linPath is null)
        {
            missing.Add(lin);
        }
        else if (linPath.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) && lin.Sha256 is { } expected)
        {
            var actual = Sha256(linPath);
            if (actual is not null && !string.Equals(actual, expected, StringComparison.Ordinal))
            {
                notes.Add($"{linPath}: SHA-256 {actual} is not the published v0.1 {lin.FileName} ({expected}); v0.0 or retrained lin weights give different values.");
            }
        }

        return new LpipsWeightFiles(net, root, trunk, linPath, missing, notes);
    }

    /// <summary>
    /// Locates and loads the network. Returns false with <paramref name="message"/> set to the missing-files hint
    /// when a file is absent; a present but malformed file still throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static bool TryLoad(LpipsNet net, string? folder, [NotNullWhen(true)] out LpipsNetwork? network, [NotNullWhen(false)] out string? message)
    {
        var files = Locate(net, folder);
        if (!files.IsComplete)
        {
            network = null;
            message = files.Hint!;
            return false;
        }

        network = LpipsNetwork.Load(net, files.TrunkPath!, files.LinPath!);
        message = null;
        return true;
    }

    internal static string MissingHint(LpipsNet net, string folder, IReadOnlyList<LpipsPublishedFile> missing)
    {
        var parts = missing.Select(f =>
        {
            var place = f == LpipsPublishedFile.Lin(net) ? Path.Combine(folder, "v0.1", f.FileName) : Path.Combine(folder, f.FileName);
            return $"{place} ({f.Description}; from {f.Source}; {f.Licence})";
        });
        return $"LPIPS-{LpipsArchitecture.Label(net)} weights not found: missing {string.Join(" and ", parts)}. "
            + "Place the published files there (or converted .safetensors with the same stem) or point metrics.lpips.weights at "
            + "the folder holding them; see docs/weights.md.";
    }

    private static string[] WithSafetensors(string relative) => [relative, Path.ChangeExtension(relative, ".safetensors")];

    private static string? FirstExisting(string root, IEnumerable<string> relatives) =>
        relatives.Select(r => Path.Combine(root, r)).FirstOrDefault(File.Exists);

    private static string? Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
