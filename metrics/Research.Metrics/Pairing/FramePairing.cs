namespace Research.Metrics.Pairing;

/// <summary>
/// Turns the CLI's <c>--pred</c> and <c>--gt</c> arguments into an ordered list of frame pairs.
/// Two files give one pair. Two directories give one pair per PNG file name present in both (matched by identical name,
/// ordinal and case-sensitive); a name present in only one directory is an error.
/// </summary>
public static class FramePairing
{
    /// <summary>How many unmatched names an error message lists per side before summarising the rest.</summary>
    public const int MissingNamesShown = 5;

    /// <summary>Pairs a pred path with a gt path (two files, or two directories of PNG frames).</summary>
    /// <exception cref="ArgumentException">
    /// A path does not exist, one is a file and the other a directory, a directory holds no PNG, or the PNG names differ
    /// (the message lists the first <see cref="MissingNamesShown"/> missing names of each side).
    /// </exception>
    public static IReadOnlyList<FramePair> Pair(string predPath, string gtPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(predPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(gtPath);
        var predIsDir = Classify(predPath, "pred", nameof(predPath));
        var gtIsDir = Classify(gtPath, "gt", nameof(gtPath));
        if (predIsDir != gtIsDir)
        {
            throw new ArgumentException(
                $"pred '{predPath}' is a {(predIsDir ? "directory" : "file")} but gt '{gtPath}' is a {(gtIsDir ? "directory" : "file")}; pass two image files or two directories.",
                nameof(gtPath));
        }

        if (!predIsDir)
        {
            return [new FramePair { Name = Path.GetFileName(predPath), PredPath = predPath, GtPath = gtPath }];
        }

        var predNames = PngNames(predPath, "pred", nameof(predPath));
        var gtNames = PngNames(gtPath, "gt", nameof(gtPath));
        var missingInGt = OrderFileNames(predNames.Where(n => !gtNames.Contains(n)));
        var missingInPred = OrderFileNames(gtNames.Where(n => !predNames.Contains(n)));
        if (missingInGt.Count > 0 || missingInPred.Count > 0)
        {
            var parts = new List<string>();
            if (missingInGt.Count > 0)
            {
                parts.Add($"{missingInGt.Count} PNG file(s) in pred '{predPath}' have no match in gt '{gtPath}': {Summarize(missingInGt)}");
            }

            if (missingInPred.Count > 0)
            {
                parts.Add($"{missingInPred.Count} PNG file(s) in gt '{gtPath}' have no match in pred '{predPath}': {Summarize(missingInPred)}");
            }

            throw new ArgumentException($"Frame names differ between pred and gt. {string.Join("; ", parts)}.", nameof(gtPath));
        }

        return OrderFileNames(predNames)
            .Select(n => new FramePair { Name = n, PredPath = Path.Combine(predPath, n), GtPath = Path.Combine(gtPath, n) })
            .ToList();
    }

    /// <summary>
    /// Orders file names: when every stem (name without extension) is a decimal integer, by numeric value
    /// (0.png, 1.png, 2.png, …, 10.png; equal values such as 1 and 01 fall back to ordinal); otherwise ordinal.
    /// </summary>
    public static IReadOnlyList<string> OrderFileNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        if (list.TrueForAll(n => IsDigits(Path.GetFileNameWithoutExtension(n))))
        {
            list.Sort(CompareNumeric);
        }
        else
        {
            list.Sort(StringComparer.Ordinal);
        }

        return list;
    }

    private static bool Classify(string path, string role, string paramName)
    {
        if (Directory.Exists(path))
        {
            return true;
        }

        if (File.Exists(path))
        {
            return false;
        }

        throw new ArgumentException($"{role} path '{path}' does not exist.", paramName);
    }

    private static HashSet<string> PngNames(string directory, string role, string paramName)
    {
        var names = Directory.EnumerateFiles(directory)
            .Where(p => string.Equals(Path.GetExtension(p), ".png", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFileName(p))
            .ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            throw new ArgumentException($"{role} directory '{directory}' contains no PNG files.", paramName);
        }

        return names;
    }

    private static string Summarize(IReadOnlyList<string> names)
    {
        var shown = string.Join(", ", names.Take(MissingNamesShown));
        return names.Count > MissingNamesShown ? $"{shown}, … and {names.Count - MissingNamesShown} more" : shown;
    }

    private static bool IsDigits(string stem) => stem.Length > 0 && stem.All(char.IsAsciiDigit);

    private static int CompareNumeric(string a, string b)
    {
        // Compare digit strings without parsing, so arbitrarily long frame numbers cannot overflow.
        var da = Path.GetFileNameWithoutExtension(a).TrimStart('0');
        var db = Path.GetFileNameWithoutExtension(b).TrimStart('0');
        var byValue = da.Length != db.Length ? da.Length.CompareTo(db.Length) : string.CompareOrdinal(da, db);
        return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
    }
}
