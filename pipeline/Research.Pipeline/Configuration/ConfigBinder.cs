using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Research.Pipeline.Configuration;

/// <summary>
/// Binds config trees to typed option records, strictly: an unknown key, a wrong type or a missing required value is a
/// <see cref="ConfigException"/> naming the file, line, key path and a suggestion. Properties map to snake_case keys;
/// enums to kebab-case names. Supported: string, bool, int, long, double, float, enums, nullable forms, nested option
/// records (public parameterless constructor + init properties), lists/arrays, string-keyed dictionaries and raw
/// <see cref="ConfigNode"/> subtrees (bound later by their consumer).
/// </summary>
public static class ConfigBinder
{
    /// <summary>Binds a node to <typeparamref name="T"/>.</summary>
    public static T Bind<T>(ConfigNode node, string path = "") => (T)Bind(typeof(T), node, path)!;

    /// <summary>Binds a node to a type; <paramref name="path"/> is the dotted key path used in messages.</summary>
    public static object? Bind(Type type, ConfigNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(node);
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is ConfigScalar { IsNull: true } && (underlying is not null || !type.IsValueType))
        {
            // `key: null` (or `key:`) on an options record means "all defaults"; on anything else it is null.
            return IsOptionsType(type) ? Bind(type, new ConfigMapping(node.Location), path) : null;
        }

        type = underlying ?? type;
        if (type == typeof(ConfigNode))
        {
            return node.Clone();
        }

        if (type == typeof(ConfigMapping))
        {
            return node as ConfigMapping ?? throw Mismatch(node, path, "a mapping");
        }

        if (IsScalarType(type))
        {
            return BindScalar(type, node, path);
        }

        if (TryGetDictionaryValueType(type, out var valueType))
        {
            return BindDictionary(valueType, node, path);
        }

        if (TryGetListElementType(type, out var elementType))
        {
            return BindList(type, elementType, node, path);
        }

        if (IsOptionsType(type))
        {
            return BindOptions(type, node, path);
        }

        throw new NotSupportedException($"Config binding does not support {type} (at {path}).");
    }

    /// <summary>The config key of a property.</summary>
    public static string KeyOf(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return ConfigNaming.ToSnakeCase(property.Name);
    }

    /// <summary>Bindable properties of an options type, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> BindableProperties(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)];
    }

    /// <summary>True when the property carries the C# <c>required</c> modifier.</summary>
    public static bool IsRequired(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.GetCustomAttribute<RequiredMemberAttribute>() is not null;
    }

    /// <summary>True for record/class types bound from mappings.</summary>
    public static bool IsOptionsType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            && type.GetConstructor(Type.EmptyTypes) is not null && !typeof(ConfigNode).IsAssignableFrom(type);
    }

    /// <summary>True for types bound from a single scalar.</summary>
    public static bool IsScalarType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long)
            || type == typeof(double) || type == typeof(float) || type.IsEnum;
    }

    /// <summary>The config spelling of an enum value.</summary>
    public static string EnumName(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ConfigNaming.ToKebabCase(value.ToString()!);
    }

    /// <summary>True when <paramref name="type"/> is a string-keyed dictionary type.</summary>
    public static bool TryGetDictionaryValueType(Type type, out Type valueType)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            if ((def == typeof(IReadOnlyDictionary<,>) || def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>)) && type.GetGenericArguments()[0] == typeof(string))
            {
                valueType = type.GetGenericArguments()[1];
                return true;
            }
        }

        valueType = null!;
        return false;
    }

    /// <summary>True when <paramref name="type"/> is a list or array type.</summary>
    public static bool TryGetListElementType(Type type, out Type elementType)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            elementType = type.GetElementType()!;
            return true;
        }

        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            if (def == typeof(IReadOnlyList<>) || def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>))
            {
                elementType = type.GetGenericArguments()[0];
                return true;
            }
        }

        elementType = null!;
        return false;
    }

    private static object BindOptions(Type type, ConfigNode node, string path)
    {
        if (node is not ConfigMapping mapping)
        {
            throw Mismatch(node, path, "a mapping");
        }

        var instance = Activator.CreateInstance(type)!;
        var properties = BindableProperties(type).ToDictionary(KeyOf, StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (!properties.TryGetValue(key, out var property))
            {
                var where = path.Length == 0 ? "at the top level" : $"in '{path}'";
                throw new ConfigException(mapping.KeyLocation(key), $"unknown key '{key}' {where}.{Suggestions.DidYouMean(key, properties.Keys)}");
            }

            property.SetValue(instance, Bind(property.PropertyType, value, ConfigPath.Join(path, key)));
        }

        foreach (var (key, property) in properties)
        {
            if (IsRequired(property) && !mapping.TryGet(key, out _))
            {
                var where = path.Length == 0 ? "at the top level" : $"in '{path}'";
                throw new ConfigException(mapping.Location, $"missing required key '{key}' {where}.");
            }
        }

        if (instance is IValidatableOptions validatable)
        {
            foreach (var (key, message) in validatable.Validate())
            {
                var location = key.Length > 0 ? mapping.KeyLocation(key) : mapping.Location;
                var keyPath = key.Length > 0 ? ConfigPath.Join(path, key) : path;
                throw new ConfigException(location, $"'{keyPath}': {message}");
            }
        }

        return instance;
    }

    private static object BindDictionary(Type valueType, ConfigNode node, string path)
    {
        if (node is not ConfigMapping mapping)
        {
            throw Mismatch(node, path, "a mapping");
        }

        var dict = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (key, value) in mapping.Entries)
        {
            dict[key] = Bind(valueType, value, ConfigPath.Join(path, key));
        }

        return dict;
    }

    private static object BindList(Type listType, Type elementType, ConfigNode node, string path)
    {
        if (node is not ConfigSequence seq)
        {
            throw Mismatch(node, path, "a list");
        }

        var array = Array.CreateInstance(elementType, seq.Items.Count);
        for (var i = 0; i < seq.Items.Count; i++)
        {
            array.SetValue(Bind(elementType, seq.Items[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")), i);
        }

        if (listType.IsArray)
        {
            return array;
        }

        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in array)
        {
            list.Add(item);
        }

        return list;
    }

    private static object BindScalar(Type type, ConfigNode node, string path)
    {
        if (node is not ConfigScalar scalar)
        {
            throw Mismatch(node, path, Describe(type));
        }

        var text = scalar.Value;
        if (type == typeof(string))
        {
            return text;
        }

        if (scalar.IsNull)
        {
            throw new ConfigException(scalar.Location, $"'{path}' must be {Describe(type)}, not null.");
        }

        if (type == typeof(bool))
        {
            return text switch
            {
                "true" or "True" or "TRUE" => true,
                "false" or "False" or "FALSE" => false,
                _ => throw new ConfigException(scalar.Location, $"'{path}' must be true or false, not '{text}'."),
            };
        }

        if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return i;
        }

        if (type == typeof(long) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if ((type == typeof(double) || type == typeof(float)) && TryParseFloat(text, out var d))
        {
            return type == typeof(float) ? (float)d : d;
        }

        if (type.IsEnum)
        {
            foreach (var value in Enum.GetValues(type))
            {
                if (string.Equals(EnumName(value), text, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            var names = Enum.GetValues(type).Cast<object>().Select(EnumName).ToList();
            var best = Suggestions.Closest(text, names);
            var hint = best is not null ? $" Did you mean '{best}'?" : string.Empty;
            throw new ConfigException(scalar.Location, $"'{path}' must be one of {string.Join(", ", names)}, not '{text}'.{hint}");
        }

        throw new ConfigException(scalar.Location, $"'{path}' must be {Describe(type)}, not '{text}'.");
    }

    private static bool TryParseFloat(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or "+.inf":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>Human description of a type for messages and docs.</summary>
    public static string Describe(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return "a number";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetValues(type).Cast<object>().Select(EnumName));
        }

        if (TryGetDictionaryValueType(type, out _))
        {
            return "a mapping";
        }

        return TryGetListElementType(type, out _) ? "a list" : "a mapping";
    }

    private static ConfigException Mismatch(ConfigNode node, string path, string expected)
    {
        var got = node is ConfigScalar s ? $"'{s.Value}'" : node.KindName;
        return new ConfigException(node.Location, $"'{path}' must be {expected}, not {got}.");
    }
}
