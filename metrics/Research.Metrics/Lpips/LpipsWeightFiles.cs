namespace Research.Metrics.Lpips;

/// <summary>
/// What <see cref="LpipsWeights.Locate"/> found for one trunk: the trunk and lin paths, or which published files
/// are missing with a one-line hint saying where they come from. Never an exception for absent files.
/// </summary>
public sealed class LpipsWeightFiles
{
    internal LpipsWeightFiles(
        LpipsNet net,
        string folder,
        string? trunkPath,
        string? linPath,
        IReadOnlyList<LpipsPublishedFile> missing,
        IReadOnlyList<string> notes)
    {
        Net = net;
        Folder = folder;
        TrunkPath = trunkPath;
        LinPath = linPath;
        Missing = missing;
        Notes = notes;
    }

    /// <summary>The trunk searched for.</summary>
    public LpipsNet Net { get; }

    /// <summary>The folder searched (full path).</summary>
    public string Folder { get; }

    /// <summary>The trunk weight file, or null when absent.</summary>
    public string? TrunkPath { get; }

    /// <summary>The lin weight file, or null when absent.</summary>
    public string? LinPath { get; }

    /// <summary>Whether both files were found.</summary>
    public bool IsComplete => TrunkPath is not null && LinPath is not null;

    /// <summary>The published files that are absent (empty when complete).</summary>
    public IReadOnlyList<LpipsPublishedFile> Missing { get; }

    /// <summary>
    /// Observations about files that were found, e.g. a lin .pth whose SHA-256 is not the published v0.1 file's
    /// (v0.0 or retrained weights give different values). Empty when nothing is odd.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>One line naming the missing files, their source and licence, and where to put them; null when complete.</summary>
    public string? Hint => IsComplete ? null : LpipsWeights.MissingHint(Net, Folder, Missing);
}
