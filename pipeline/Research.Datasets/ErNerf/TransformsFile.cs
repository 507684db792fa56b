using System.Globalization;
using System.Text.Json;
using Research.Media;
using Research.Media.IO;

namespace Research.Datasets.ErNerf;

/// <summary>
/// Reads and writes <c>transforms_train.json</c> / <c>transforms_val.json</c>: <c>focal_len</c>, <c>cx</c>, <c>cy</c> and
/// <c>frames[{img_id, aud_id, transform_matrix}]</c>. Unknown fields (e.g. AD-NeRF's <c>face_rect</c>) are ignored.
/// </summary>
public static class TransformsFile
{
    /// <summary>Reads and validates a transforms file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The document.</returns>
    /// <exception cref="MediaFormatException">The file is not JSON, or a required field is missing or malformed (the message names it).</exception>
    public static TransformsDocument Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new MediaFormatException(path, "is not valid JSON: " + e.Message, e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MediaFormatException(path, "the top level must be a JSON object with focal_len, cx, cy and frames.");
            }

            var focal = RequiredNumber(root, "focal_len", "focal_len", path);
            var cx = RequiredNumber(root, "cx", "cx", path);
            var cy = RequiredNumber(root, "cy", "cy", path);
            var framesElement = Required(root, "frames", "frames", path);
            if (framesElement.ValueKind != JsonValueKind.Array)
            {
                throw new MediaFormatException(path, "field 'frames' must be an array.");
            }

            var frames = new List<CameraFrame>(framesElement.GetArrayLength());
            var index = 0;
            foreach (var frame in framesElement.EnumerateArray())
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"frames[{index}]");
                if (frame.ValueKind != JsonValueKind.Object)
                {
                    throw new MediaFormatException(path, $"{where} must be an object.");
                }

                var imageId = RequiredInt(frame, "img_id", where + ".img_id", path);
                var audioId = RequiredInt(frame, "aud_id", where + ".aud_id", path);
                var matrix = ReadMatrix(Required(frame, "transform_matrix", where + ".transform_matrix", path), where + ".transform_matrix", path);
                frames.Add(new CameraFrame(imageId, audioId, matrix));
                index++;
            }

            return new TransformsDocument(focal, cx, cy, frames);
        }
    }

    /// <summary>
    /// Writes a transforms file the way ER-NeRF's <c>json.dump(..., indent=2)</c> does (floats in Python's repr), atomically.
    /// </summary>
    /// <param name="path">Destination; its folder is created.</param>
    /// <param name="document">The cameras.</param>
    /// <exception cref="ArgumentException">A matrix does not have 16 values or a value is not finite.</exception>
    public static void Write(string path, TransformsDocument document)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var frame in document.Frames)
        {
            if (frame.TransformMatrix.Count != 16)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {frame.ImageId}: a transform matrix has 16 values, got {frame.TransformMatrix.Count}."), nameof(document));
            }
        }

        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n" });
            writer.WriteStartObject();
            WriteFloat(writer, "focal_len", document.FocalLength);
            WriteFloat(writer, "cx", document.Cx);
            WriteFloat(writer, "cy", document.Cy);
            writer.WriteStartArray("frames");
            foreach (var frame in document.Frames)
            {
                writer.WriteStartObject();
                writer.WriteNumber("img_id", frame.ImageId);
                writer.WriteNumber("aud_id", frame.AudioId);
                writer.WriteStartArray("transform_matrix");
                for (var r = 0; r < 4; r++)
                {
                    writer.WriteStartArray();
                    for (var c = 0; c < 4; c++)
                    {
                        writer.WriteRawValue(PythonFloat(frame.TransformMatrix[(r * 4) + c]));
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>A finite double as Python's <c>repr</c> writes it: shortest round-trip digits, always with a '.' or an exponent.</summary>
    internal static string PythonFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{value} cannot be written to JSON; camera values must be finite."), nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            return text.Replace('E', 'e');
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static void WriteFloat(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(PythonFloat(value));
    }

    private static JsonElement Required(JsonElement parent, string name, string field, string path) =>
        parent.TryGetProperty(name, out var value)
            ? value
            : throw new MediaFormatException(path, $"required field '{field}' is missing.");

    private static double RequiredNumber(JsonElement parent, string name, string field, string path)
    {
        var element = Required(parent, name, field, path);
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new MediaFormatException(path, $"field '{field}' must be a finite number, got {Describe(element)}.");
        }

        return value;
    }

    private static int RequiredInt(JsonElement parent, string name, string field, string path)
    {
        var value = RequiredNumber(parent, name, field, path);

        // Python scripts sometimes write ids as floats (3.0); accept those, reject fractions.
        if (value != Math.Floor(value) || value < 0 || value > int.MaxValue)
        {
            throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"field '{field}' must be a non-negative integer, got {value}."));
        }

        return (int)value;
    }

    private static double[] ReadMatrix(JsonElement element, string field, string path)
    {
        var message = $"field '{field}' must be 4 rows of 4 numbers ([[..],[..],[..],[..]]), got {Describe(element)}.";
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 4)
        {
            throw new MediaFormatException(path, message);
        }

        var values = new double[16];
        var r = 0;
        foreach (var row in element.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 4)
            {
                throw new MediaFormatException(path, message);
            }

            var c = 0;
            foreach (var cell in row.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Number || !cell.TryGetDouble(out var v) || !double.IsFinite(v))
                {
                    throw new MediaFormatException(path, message);
                }

                values[(r * 4) + c] = v;
                c++;
            }

            r++;
        }

        return values;
    }

    private static string Describe(JsonElement element)
    {
        var raw = element.GetRawText();
        return element.ValueKind + " " + (raw.Length > 60 ? raw[..60] + "…" : raw);
    }
}
