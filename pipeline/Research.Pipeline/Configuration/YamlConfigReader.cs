using YamlDotNet.Core.Events;
using YamlDotNet.Core;

namespace Research.Pipeline.Configuration;

/// <summary>
/// Reads YAML into <see cref="ConfigNode"/> trees, keeping line numbers. Deliberately strict and safe: type tags
/// (<c>!!python/object</c>, <c>!Foo</c>), anchors/aliases and duplicate keys are refused, so a config file can never
/// construct objects or expand into a billion-laughs bomb.
/// </summary>
public static class YamlConfigReader
{
    /// <summary>Reads a file. A missing file is a <see cref="ConfigException"/> naming it.</summary>
    public static ConfigNode ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(new SourceLocation(path, 0, 0), "config file not found.");
        }

        return Parse(File.ReadAllText(path), DisplayPath(path));
    }

    /// <summary>Parses YAML text; <paramref name="sourceName"/> is used in error locations.</summary>
    public static ConfigNode Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var parser = new Parser(new StringReader(yaml));
        try
        {
            Expect<StreamStart>(parser, sourceName);
            if (parser.Accept<StreamEnd>(out _))
            {
                return new ConfigMapping(new SourceLocation(sourceName, 1, 1));
            }

            Expect<DocumentStart>(parser, sourceName);
            var root = parser.Accept<DocumentEnd>(out _)
                ? new ConfigMapping(new SourceLocation(sourceName, 1, 1))
                : ReadNode(parser, sourceName);
            Expect<DocumentEnd>(parser, sourceName);
            if (parser.Current is DocumentStart d)
            {
                throw new ConfigException(Loc(sourceName, d.Start), "a config file holds exactly one YAML document; remove the extra '---'.");
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new ConfigException(Loc(sourceName, e.Start), $"invalid YAML: {e.Message}");
        }
    }

    /// <summary>Parses a single override value (YAML flow syntax: <c>3</c>, <c>abc</c>, <c>[1, 2]</c>, <c>{a: 1}</c>).</summary>
    public static ConfigNode ParseValue(string text, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new ConfigScalar(string.Empty, quoted: true, location);
        }

        try
        {
            var node = Parse(text, location.ToString());
            return Relocate(node, location);
        }
        catch (ConfigException e)
        {
            throw new ConfigException(location, $"cannot parse override value '{text}': {e.Message}");
        }
    }

    private static ConfigNode Relocate(ConfigNode node, SourceLocation location) => node switch
    {
        ConfigScalar s => new ConfigScalar(s.Value, s.IsQuoted, location),
        ConfigSequence q => new ConfigSequence(q.Items.Select(i => Relocate(i, location)), location),
        ConfigMapping m => RelocateMapping(m, location),
        _ => node,
    };

    private static ConfigMapping RelocateMapping(ConfigMapping m, SourceLocation location)
    {
        var copy = new ConfigMapping(location);
        foreach (var (k, v) in m.Entries)
        {
            copy.Set(k, Relocate(v, location), location);
        }

        return copy;
    }

    private static ConfigNode ReadNode(IParser parser, string source)
    {
        var ev = parser.Current ?? throw new ConfigException(new SourceLocation(source, 0, 0), "unexpected end of YAML.");
        if (ev is AnchorAlias alias)
        {
            throw new ConfigException(Loc(source, alias.Start), "YAML aliases (*name) are not allowed in config files; repeat the value or use a defaults file.");
        }

        if (ev is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            throw new ConfigException(Loc(source, anchored.Start), "YAML anchors (&name) are not allowed in config files; repeat the value or use a defaults file.");
        }

        if (ev is NodeEvent { Tag.IsEmpty: false } tagged && !IsNonSpecific(tagged))
        {
            throw new ConfigException(Loc(source, tagged.Start), $"YAML type tags ('{tagged.Tag}') are not allowed in config files; write plain values.");
        }

        switch (ev)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new ConfigScalar(scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded, Loc(source, scalar.Start));
            case SequenceStart seq:
            {
                parser.MoveNext();
                var items = new List<ConfigNode>();
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, source));
                }

                parser.MoveNext();
                return new ConfigSequence(items, Loc(source, seq.Start));
            }

            case MappingStart map:
            {
                parser.MoveNext();
                var mapping = new ConfigMapping(Loc(source, map.Start));
                while (!parser.Accept<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                    {
                        throw new ConfigException(Loc(source, parser.Current!.Start), "mapping keys must be plain strings.");
                    }

                    var keyLoc = Loc(source, key.Start);
                    parser.MoveNext();
                    if (mapping.TryGet(key.Value, out _))
                    {
                        throw new ConfigException(keyLoc, $"duplicate key '{key.Value}' (first written at {mapping.KeyLocation(key.Value)}).");
                    }

                    var value = ReadNode(parser, source);
                    mapping.Set(key.Value, value, keyLoc);
                }

                parser.MoveNext();
                return mapping;
            }

            default:
                throw new ConfigException(Loc(source, ev.Start), $"unexpected YAML element {ev.GetType().Name}.");
        }
    }

    // '!' alone is the non-specific tag for quoted scalars in some emitters; allow it.
    private static bool IsNonSpecific(NodeEvent e) => e.Tag.Value == "!";

    private static void Expect<T>(IParser parser, string source)
        where T : ParsingEvent
    {
        if (parser.Current is null)
        {
            parser.MoveNext();
        }

        if (parser.Current is not T)
        {
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new ConfigException(Loc(source, at), $"unexpected YAML structure (expected {typeof(T).Name}).");
        }

        parser.MoveNext();
    }

    private static SourceLocation Loc(string source, Mark mark) => new(source, (int)mark.Line, (int)mark.Column);

    private static string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return rel.StartsWith("..", StringComparison.Ordinal) ? full : rel;
    }
}
