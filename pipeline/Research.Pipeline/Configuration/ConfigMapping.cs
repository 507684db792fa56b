namespace Research.Pipeline.Configuration;

/// <summary>An ordered mapping of string keys to nodes.</summary>
public sealed class ConfigMapping : ConfigNode
{
    private readonly List<KeyValuePair<string, ConfigNode>> _entries = [];
    private readonly Dictionary<string, SourceLocation> _keyLocations = new(StringComparer.Ordinal);

    /// <summary>Creates an empty mapping.</summary>
    public ConfigMapping(SourceLocation location)
        : base(location)
    {
    }

    /// <summary>Entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, ConfigNode>> Entries => _entries;

    /// <summary>Keys in insertion order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public override string KindName => "a mapping";

    /// <summary>Looks a key up.</summary>
    public bool TryGet(string key, out ConfigNode node)
    {
        var index = IndexOf(key);
        node = index >= 0 ? _entries[index].Value : null!;
        return index >= 0;
    }

    /// <summary>The node at a key, or null.</summary>
    public ConfigNode? Get(string key) => TryGet(key, out var n) ? n : null;

    /// <summary>Where a key was written (falls back to the value's location).</summary>
    public SourceLocation KeyLocation(string key) =>
        _keyLocations.TryGetValue(key, out var loc) ? loc : Get(key)?.Location ?? Location;

    /// <summary>Sets a key, keeping its position when it already exists.</summary>
    public void Set(string key, ConfigNode value, SourceLocation? keyLocation = null)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            _entries[index] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }

        _keyLocations[key] = keyLocation ?? value.Location;
    }

    /// <summary>Removes a key; returns false when absent.</summary>
    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        _entries.RemoveAt(index);
        _keyLocations.Remove(key);
        return true;
    }

    /// <inheritdoc />
    public override ConfigNode Clone()
    {
        var copy = new ConfigMapping(Location);
        foreach (var (key, value) in _entries)
        {
            copy.Set(key, value.Clone(), KeyLocation(key));
        }

        return copy;
    }

    private int IndexOf(string key) => _entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
}
