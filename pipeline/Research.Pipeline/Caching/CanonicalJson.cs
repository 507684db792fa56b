using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Research.Pipeline.Caching;

/// <summary>
/// Canonical JSON for hashing and diffing parameters: snake_case keys (matching config files), kebab-case enums,
/// invariant numbers, object keys sorted ordinally, no whitespace.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serializer options shared by manifests and caches.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    /// <summary>Indented variant for files people read.</summary>
    public static JsonSerializerOptions Indented { get; } = CreateOptions(indented: true);

    /// <summary>Canonical text of any serialisable value.</summary>
    public static string Serialize(object? value)
    {
        var node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value?.GetType() ?? typeof(object), Options);
        return Sort(node)?.ToJsonString(Options) ?? "null";
    }

    /// <summary>Flattens to dotted paths → canonical leaf text (used to explain what changed).</summary>
    public static SortedDictionary<string, string> Flatten(string canonicalJson)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonNode.Parse(canonicalJson), string.Empty, result);
        return result;
    }

    private static void Walk(JsonNode? node, string path, SortedDictionary<string, string> result)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (k, v) in o)
                {
                    Walk(v, path.Length == 0 ? k : $"{path}.{k}", result);
                }

                break;
            default:
                result[path] = node?.ToJsonString(Options) ?? "null";
                break;
        }
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        JsonValue v => v.DeepClone(),
        _ => null,
    };

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            IndentSize = 2,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
