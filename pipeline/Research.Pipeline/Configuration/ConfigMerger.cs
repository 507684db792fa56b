namespace Research.Pipeline.Configuration;

/// <summary>Deep merge used by composition: mappings merge key by key; anything else is replaced by the later value.</summary>
public static class ConfigMerger
{
    /// <summary>Merges <paramref name="overlay"/> onto <paramref name="baseNode"/>, returning a new tree.</summary>
    public static ConfigNode Merge(ConfigNode baseNode, ConfigNode overlay)
    {
        ArgumentNullException.ThrowIfNull(baseNode);
        ArgumentNullException.ThrowIfNull(overlay);
        if (baseNode is ConfigMapping b && overlay is ConfigMapping o)
        {
            var result = (ConfigMapping)b.Clone();
            foreach (var (key, value) in o.Entries)
            {
                var merged = result.TryGet(key, out var existing) ? Merge(existing, value) : value.Clone();
                result.Set(key, merged, o.KeyLocation(key));
            }

            return result;
        }

        return overlay.Clone();
    }
}
