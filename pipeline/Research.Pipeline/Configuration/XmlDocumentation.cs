using System.Collections.Concurrent;
using System.Reflection;
using System.Xml.Linq;
using System.Xml;

namespace Research.Pipeline.Configuration;

/// <summary>Reads member summaries from the XML documentation file shipped next to an assembly.</summary>
public static class XmlDocumentation
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Cache = new();

    /// <summary>The summary of a property, or null when the docs file or entry is missing.</summary>
    public static string? Summary(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var type = property.DeclaringType!;
        var docs = Cache.GetOrAdd(type.Assembly, Load);
        return docs.TryGetValue($"P:{type.FullName!.Replace('+', '.')}.{property.Name}", out var s) ? s : null;
    }

    /// <summary>The summary of a type, or null.</summary>
    public static string? Summary(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var docs = Cache.GetOrAdd(type.Assembly, Load);
        return docs.TryGetValue($"T:{type.FullName!.Replace('+', '.')}", out var s) ? s : null;
    }

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
        {
            return result;
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        var doc = XDocument.Load(reader);
        foreach (var member in doc.Descendants("member"))
        {
            var name = member.Attribute("name")?.Value;
            var summary = member.Element("summary");
            if (name is null || summary is null)
            {
                continue;
            }

            result[name] = Flatten(summary);
        }

        return result;
    }

    private static string Flatten(XElement summary)
    {
        var parts = summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } e => e.Attribute("cref")?.Value.Split('.').Last() ?? e.Attribute("langword")?.Value ?? e.Value,
            XElement { Name.LocalName: "c" } e => e.Value,
            XElement e => e.Value,
            _ => string.Empty,
        });
        return string.Join(' ', string.Concat(parts).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
