namespace Research.Pipeline.Configuration;

/// <summary>Dotted-path access into config trees.</summary>
public static class ConfigPath
{
    /// <summary>Joins a parent path and a key.</summary>
    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    /// <summary>Sets a value at a dotted path, creating mappings on the way.</summary>
    public static void Set(ConfigMapping root, IReadOnlyList<string> keys, ConfigNode value, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(keys);
        var current = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            if (!current.TryGet(keys[i], out var next))
            {
                next = new ConfigMapping(location);
                current.Set(keys[i], next, location);
            }

            if (next is not ConfigMapping nextMapping)
            {
                throw new ConfigException(location, $"cannot set '{string.Join('.', keys)}': '{string.Join('.', keys.Take(i + 1))}' is {next.KindName}, not a mapping.");
            }

            current = nextMapping;
        }

        var last = keys[^1];
        var merged = current.TryGet(last, out var existing) && existing is ConfigMapping && value is ConfigMapping
            ? ConfigMerger.Merge(existing, value)
            : value;
        current.Set(last, merged, location);
    }

    /// <summary>Deletes the key at a dotted path; a missing key is an error with a suggestion.</summary>
    public static void Delete(ConfigMapping root, IReadOnlyList<string> keys, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(keys);
        ConfigNode current = root;
        for (var i = 0; i < keys.Count; i++)
        {
            if (current is not ConfigMapping m || !m.TryGet(keys[i], out var next))
            {
                var known = current is ConfigMapping cm ? cm.Keys : [];
                throw new ConfigException(location, $"cannot delete '{string.Join('.', keys)}': key '{keys[i]}' does not exist.{Suggestions.DidYouMean(keys[i], known)}");
            }

            if (i == keys.Count - 1)
            {
                m.Remove(keys[i]);
                return;
            }

            current = next;
        }
    }
}
