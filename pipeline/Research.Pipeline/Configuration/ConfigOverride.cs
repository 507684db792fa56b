namespace Research.Pipeline.Configuration;

/// <summary>
/// One command-line override: <c>a.b.c=value</c> sets (creating mappings on the way; a leading <c>+</c> is accepted
/// for Hydra users), <c>~a.b.c</c> deletes, and <c>group=option</c> swaps a defaults-list entry.
/// </summary>
public sealed record ConfigOverride(string Text, string Path, ConfigOverrideKind Kind, ConfigNode? Value, SourceLocation Location)
{
    /// <summary>Parses override number <paramref name="index"/>.</summary>
    public static ConfigOverride Parse(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        var location = SourceLocation.CommandLine(index);
        if (text.StartsWith('~'))
        {
            var path = text[1..].Split('=')[0];
            ValidatePath(path, text, location);
            return new ConfigOverride(text, path, ConfigOverrideKind.Delete, null, location);
        }

        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ConfigException(location, $"cannot read override '{text}': write key.path=value, or ~key.path to delete.");
        }

        var key = text[..eq].TrimStart('+');
        ValidatePath(key, text, location);
        var value = YamlConfigReader.ParseValue(text[(eq + 1)..], location);
        return new ConfigOverride(text, key, ConfigOverrideKind.Set, value, location);
    }

    private bool _groupSelection;

    /// <summary>The dotted path split into keys.</summary>
    public IReadOnlyList<string> Keys => Path.Split('.');

    /// <summary>True when this override swapped a defaults-list option rather than setting a value.</summary>
    public bool IsGroupSelection() => _groupSelection;

    internal void MarkGroupSelection() => _groupSelection = true;

    private static void ValidatePath(string path, string text, SourceLocation location)
    {
        if (path.Length == 0 || path.Split('.').Any(k => k.Length == 0))
        {
            throw new ConfigException(location, $"override '{text}' has an empty key; write key.path=value.");
        }
    }
}
