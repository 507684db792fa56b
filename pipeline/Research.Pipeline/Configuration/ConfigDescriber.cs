using System.Globalization;

namespace Research.Pipeline.Configuration;

/// <summary>Lists every key of an options type with its type, default and documentation (feeds <c>config describe</c>).</summary>
public static class ConfigDescriber
{
    /// <summary>Rows for <paramref name="type"/>, with keys prefixed by <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<ConfigKeyDescription> Describe(Type type, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(type);
        var rows = new List<ConfigKeyDescription>();
        Walk(type, prefix, rows, depth: 0);
        return rows;
    }

    private static void Walk(Type type, string prefix, List<ConfigKeyDescription> rows, int depth)
    {
        var defaults = Activator.CreateInstance(type);
        foreach (var p in ConfigBinder.BindableProperties(type))
        {
            var key = ConfigPath.Join(prefix, ConfigBinder.KeyOf(p));
            var propertyType = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var doc = XmlDocumentation.Summary(p) ?? string.Empty;
            var required = ConfigBinder.IsRequired(p);
            if (ConfigBinder.IsOptionsType(propertyType) && depth < 8)
            {
                rows.Add(new ConfigKeyDescription(key, "mapping", string.Empty, required, doc));
                Walk(propertyType, key, rows, depth + 1);
                continue;
            }

            if (ConfigBinder.TryGetDictionaryValueType(propertyType, out var valueType) && ConfigBinder.IsOptionsType(valueType) && depth < 8)
            {
                rows.Add(new ConfigKeyDescription(key, "mapping of name → entry", string.Empty, required, doc));
                Walk(valueType, key + ".<name>", rows, depth + 1);
                continue;
            }

            var value = required ? null : p.GetValue(defaults);
            rows.Add(new ConfigKeyDescription(key, ConfigBinder.Describe(propertyType), FormatDefault(value), required, doc));
        }
    }

    private static string FormatDefault(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => ConfigBinder.EnumName(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object>().Select(FormatDefault)) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}
