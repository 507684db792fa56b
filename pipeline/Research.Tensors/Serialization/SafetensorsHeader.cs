using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Research.Tensors.Serialization;

/// <summary>
/// Encodes and validates the JSON header. The writer reproduces the reference implementation's bytes: compact JSON,
/// "__metadata__" first, tensors by descending dtype alignment then by name (UTF-8 byte order), serde_json string
/// escaping, and space padding to a multiple of 8 bytes.
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>The reference implementation's header size limit.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Orders tensors as the reference writer does.</summary>
    public static List<SafetensorsTensor> Order(IEnumerable<SafetensorsTensor> tensors)
    {
        var list = new List<SafetensorsTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (tensor.Name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.", nameof(tensors));
            }

            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"Duplicate tensor name '{tensor.Name}'.", nameof(tensors));
            }

            list.Add(tensor);
        }

        var keys = list.ToDictionary(t => t.Name, t => EncodeString(t.Name), StringComparer.Ordinal);
        list.Sort((a, b) =>
        {
            var byType = b.DType.CompareTo(a.DType);
            return byType != 0 ? byType : keys[a.Name].AsSpan().SequenceCompareTo(keys[b.Name]);
        });
        return list;
    }

    /// <summary>The padded header bytes (without the 8-byte length prefix) for tensors already in file order.</summary>
    public static byte[] Encode(IReadOnlyList<SafetensorsTensor> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new StringBuilder();
        json.Append('{');
        var first = true;
        if (metadata is not null)
        {
            AppendString(json, MetadataKey);
            json.Append(":{");
            var entries = metadata.Select(kv => (Key: EncodeString(kv.Key), kv.Key, kv.Value)).ToList();
            entries.Sort((a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
            for (var i = 0; i < entries.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(entries[i].Value, nameof(metadata));
                if (i > 0)
                {
                    json.Append(',');
                }

                AppendString(json, entries[i].Item2);
                json.Append(':');
                AppendString(json, entries[i].Value);
            }

            json.Append('}');
            first = false;
        }

        long offset = 0;
        foreach (var tensor in ordered)
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            AppendString(json, tensor.Name);
            json.Append(":{\"dtype\":");
            AppendString(json, tensor.DType.HeaderName());
            json.Append(",\"shape\":[").AppendJoin(',', tensor.Shape).Append("],\"data_offsets\":[");
            var end = offset + tensor.Data.Length;
            json.Append(offset).Append(',').Append(end).Append("]}");
            offset = end;
        }

        json.Append('}');
        var bytes = EncodeString(json.ToString());
        var padded = (bytes.Length + 7) / 8 * 8;
        if (padded > MaxHeaderBytes)
        {
            throw new ArgumentException($"The safetensors header would be {padded} bytes, over the {MaxHeaderBytes}-byte limit.");
        }

        var result = new byte[padded];
        bytes.CopyTo(result, 0);
        result.AsSpan(bytes.Length).Fill((byte)' ');
        return result;
    }

    /// <summary>Reads the length prefix and header, validating it against a byte buffer of the remaining file length.</summary>
    public static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string>? Metadata, long BufferStart) Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Error(path, $"file is {fileLength} bytes, shorter than the 8-byte header length");
        }

        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > MaxHeaderBytes)
        {
            throw Error(path, $"header length {n} exceeds the {MaxHeaderBytes}-byte limit");
        }

        if ((long)n > fileLength - 8)
        {
            throw Error(path, $"header length {n} runs past the end of the file ({fileLength} bytes)");
        }

        var header = new byte[n];
        stream.ReadExactly(header);
        var bufferLength = fileLength - 8 - (long)n;
        var (tensors, metadata) = Parse(header, bufferLength, path);
        return (tensors, metadata, 8 + (long)n);
    }

    /// <summary>Parses and validates header JSON against a byte buffer of <paramref name="bufferLength"/> bytes.</summary>
    public static (List<SafetensorsTensorInfo> Tensors, Dictionary<string, string>? Metadata) Parse(
        ReadOnlySpan<byte> header, long bufferLength, string path)
    {
        if (!Utf8.IsValid(header))
        {
            throw Error(path, "header is not valid UTF-8");
        }

        var firstNonSpace = header.IndexOfAnyExcept(" \t\r\n"u8);
        if (firstNonSpace < 0 || header[firstNonSpace] != (byte)'{')
        {
            throw Error(path, "header does not start with '{'");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Error(path, $"header is not well-formed JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "header is not a JSON object");
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var tensors = new List<SafetensorsTensorInfo>();
            Dictionary<string, string>? metadata = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Error(path, $"duplicate key '{property.Name}' in header");
                }

                if (property.Name == MetadataKey)
                {
                    metadata = ParseMetadata(property.Value, path);
                }
                else
                {
                    tensors.Add(ParseTensor(property.Name, property.Value, bufferLength, path));
                }
            }

            ValidateLayout(tensors, bufferLength, path);
            return (tensors, metadata);
        }
    }

    public static InvalidDataException Error(string path, string message, Exception? inner = null) =>
        new($"{path}: invalid safetensors file: {message}.", inner);

    private static Dictionary<string, string> ParseMetadata(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"'{MetadataKey}' is not a JSON object");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Error(path, $"'{MetadataKey}' entry '{entry.Name}' is not a string");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw Error(path, $"duplicate key '{entry.Name}' in '{MetadataKey}'");
            }
        }

        return metadata;
    }

    private static SafetensorsTensorInfo ParseTensor(string name, JsonElement value, long bufferLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"tensor '{name}': entry is not a JSON object");
        }

        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            if (!fields.Add(field.Name))
            {
                throw Error(path, $"tensor '{name}': duplicate field '{field.Name}'");
            }

            switch (field.Name)
            {
                case "dtype":
                    dtypeElement = field.Value;
                    break;
                case "shape":
                    shapeElement = field.Value;
                    break;
                case "data_offsets":
                    offsetsElement = field.Value;
                    break;
                default:
                    // The reference reader ignores unknown fields; so do we.
                    break;
            }
        }

        if (dtypeElement is not { ValueKind: JsonValueKind.String } dtypeValue)
        {
            throw Error(path, $"tensor '{name}': 'dtype' is missing or not a string");
        }

        var dtypeName = dtypeValue.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype))
        {
            throw Error(path, $"tensor '{name}': unknown dtype '{dtypeName}'");
        }

        if (shapeElement is not { ValueKind: JsonValueKind.Array } shapeValue)
        {
            throw Error(path, $"tensor '{name}': 'shape' is missing or not an array");
        }

        var shape = new int[shapeValue.GetArrayLength()];
        long count = 1;
        var overflow = false;
        var index = 0;
        foreach (var dim in shapeValue.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetUInt64(out var d))
            {
                throw Error(path, $"tensor '{name}': 'shape' entry {index} is not a non-negative integer");
            }

            if (d > int.MaxValue)
            {
                throw Error(path, $"tensor '{name}': 'shape' entry {index} ({d}) is larger than {int.MaxValue}");
            }

            shape[index++] = (int)d;
            overflow |= !TryMultiply(count, (long)d, out count);
        }

        if (offsetsElement is not { ValueKind: JsonValueKind.Array } offsetsValue || offsetsValue.GetArrayLength() != 2)
        {
            throw Error(path, $"tensor '{name}': 'data_offsets' is missing or not an array of two integers");
        }

        if (!offsetsValue[0].TryGetUInt64Safe(out var begin) || !offsetsValue[1].TryGetUInt64Safe(out var end))
        {
            throw Error(path, $"tensor '{name}': 'data_offsets' entries are not non-negative integers");
        }

        if (end < begin)
        {
            throw Error(path, $"tensor '{name}': 'data_offsets' end {end} is before begin {begin}");
        }

        if (end > (ulong)bufferLength)
        {
            throw Error(path, $"tensor '{name}': 'data_offsets' [{begin}, {end}] run past the {bufferLength}-byte data buffer");
        }

        var expected = overflow ? null : dtype.ByteLength(count);
        if (expected is null)
        {
            throw Error(path, $"tensor '{name}': byte size of {dtype.HeaderName()} [{string.Join(", ", shape)}] overflows or is not a whole number of bytes");
        }

        if ((ulong)expected.Value != end - begin)
        {
            throw Error(path, $"tensor '{name}': {dtype.HeaderName()} [{string.Join(", ", shape)}] needs {expected.Value} bytes but 'data_offsets' [{begin}, {end}] span {end - begin}");
        }

        if (end - begin > (ulong)Array.MaxLength)
        {
            throw Error(path, $"tensor '{name}': {end - begin} bytes is larger than a single in-memory tensor can be");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, (long)begin, (long)end);
    }

    private static void ValidateLayout(List<SafetensorsTensorInfo> tensors, long bufferLength, string path)
    {
        // Sort by offsets (stable on names for equal empty ranges), then demand a gapless, overlap-free cover.
        tensors.Sort((a, b) =>
        {
            var c = a.DataBegin.CompareTo(b.DataBegin);
            c = c != 0 ? c : a.DataEnd.CompareTo(b.DataEnd);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        long position = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.DataBegin < position)
            {
                throw Error(path, $"tensor '{tensor.Name}': 'data_offsets' [{tensor.DataBegin}, {tensor.DataEnd}] overlap the previous tensor, which ends at {position}");
            }

            if (tensor.DataBegin > position)
            {
                throw Error(path, $"tensor '{tensor.Name}': 'data_offsets' [{tensor.DataBegin}, {tensor.DataEnd}] leave a gap after byte {position}");
            }

            position = tensor.DataEnd;
        }

        if (position != bufferLength)
        {
            throw Error(path, $"data buffer has {bufferLength} bytes but the tensors cover only {position}; trailing bytes are not allowed");
        }
    }

    private static bool TryGetUInt64Safe(this JsonElement element, out ulong value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out value);
    }

    private static bool TryMultiply(long a, long b, out long product)
    {
        try
        {
            product = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }

    private static byte[] EncodeString(string value)
    {
        try
        {
            return StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"'{value}' is not valid Unicode (lone surrogate).", e);
        }
    }

    // serde_json escaping: quote, backslash and control characters only; \u00xx uses lowercase hex.
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case < ' ':
                    json.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }
}
