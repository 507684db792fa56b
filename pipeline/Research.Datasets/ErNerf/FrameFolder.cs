using System.Globalization;

namespace Research.Datasets.ErNerf;

/// <summary>The files of one per-frame folder named <c>&lt;index&gt;&lt;ext&gt;</c>, indexed without opening them.</summary>
internal sealed class FrameFolder
{
    private readonly Dictionary<int, string> files;

    private FrameFolder(string path, Dictionary<int, string> files, IReadOnlyList<int> duplicates)
    {
        Path = path;
        this.files = files;
        Duplicates = duplicates;
        var n = 0;
        while (files.ContainsKey(n))
        {
            n++;
        }

        ContiguousCount = n;
        MaxIndex = files.Count == 0 ? -1 : files.Keys.Max();
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Number of indexed files.</summary>
    public int Count => files.Count;

    /// <summary>Length of the run 0, 1, 2, … without a gap.</summary>
    public int ContiguousCount { get; }

    /// <summary>The largest index, or −1 when empty.</summary>
    public int MaxIndex { get; }

    /// <summary>Indices with files of more than one accepted extension (the first extension wins).</summary>
    public IReadOnlyList<int> Duplicates { get; }

    /// <summary>Indexes <paramref name="folder"/>; null when it does not exist.</summary>
    /// <param name="folder">Folder to scan.</param>
    /// <param name="extensions">Accepted extensions (with dot), in order of preference; compared case-insensitively.</param>
    public static FrameFolder? Scan(string folder, IReadOnlyList<string> extensions)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var found = new Dictionary<int, (string Path, int Rank)>();
        var duplicates = new SortedSet<int>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = System.IO.Path.GetFileName(file);
            var dot = name.LastIndexOf('.');
            if (dot <= 0)
            {
                continue;
            }

            var rank = IndexOf(extensions, name[dot..]);
            var stem = name.AsSpan(0, dot);
            if (rank < 0 || !IsDigits(stem) || !int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            if (found.TryGetValue(index, out var existing))
            {
                duplicates.Add(index);
                if (existing.Rank <= rank)
                {
                    continue;
                }
            }

            found[index] = (file, rank);
        }

        return new FrameFolder(folder, found.ToDictionary(p => p.Key, p => p.Value.Path), [.. duplicates]);
    }

    /// <summary>The file of frame <paramref name="index"/>, or null.</summary>
    public string? PathOf(int index) => files.TryGetValue(index, out var path) ? path : null;

    /// <summary>Indices with a file at or beyond <paramref name="count"/>, ascending.</summary>
    public IReadOnlyList<int> Beyond(int count) => [.. files.Keys.Where(i => i >= count).Order()];

    /// <summary>Indices in [0, <paramref name="count"/>) without a file, up to <paramref name="limit"/> of them.</summary>
    public IReadOnlyList<int> Missing(int count, int limit)
    {
        var missing = new List<int>();
        for (var i = 0; i < count && missing.Count < limit; i++)
        {
            if (!files.ContainsKey(i))
            {
                missing.Add(i);
            }
        }

        return missing;
    }

    private static int IndexOf(IReadOnlyList<string> extensions, string extension)
    {
        for (var i = 0; i < extensions.Count; i++)
        {
            if (string.Equals(extensions[i], extension, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
