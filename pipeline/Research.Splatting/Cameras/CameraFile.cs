using System.Globalization;
using System.Text.Json;

namespace Research.Splatting.Cameras;

/// <summary>
/// Reads the camera JSON of <c>research render-ply</c>: an object with <c>width</c>, <c>height</c> (integers),
/// <c>focal</c> (pixels) and <c>transform_matrix</c> (4×4 nested lists, OpenGL camera-to-world, as in transforms_*.json).
/// Other fields are ignored.
/// </summary>
public static class CameraFile
{
    /// <summary>Reads and validates a camera file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The camera (centred principal point).</returns>
    /// <exception cref="InvalidDataException">Not JSON, or a field is missing or malformed; the message names the file and field.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Camera Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses camera JSON already in memory.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="sourceName">Name used in error messages (usually the file path).</param>
    /// <returns>The camera.</returns>
    /// <exception cref="InvalidDataException">Not JSON, or a field is missing or malformed.</exception>
    public static Camera Parse(ReadOnlySpan<byte> utf8Json, string sourceName)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: not valid JSON: {e.Message}", e);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{sourceName}: the top level must be an object with width, height, focal and transform_matrix.");
            }

            var width = PositiveInt(root, "width", sourceName);
            var height = PositiveInt(root, "height", sourceName);
            var focal = Number(Required(root, "focal", sourceName), "focal", sourceName);
            if (!(focal > 0))
            {
                throw new InvalidDataException($"{sourceName}: field 'focal' must be positive, got {focal.ToString(CultureInfo.InvariantCulture)}.");
            }

            var matrix = Matrix(Required(root, "transform_matrix", sourceName), sourceName);
            try
            {
                return Camera.FromFocal(width, height, focal, matrix);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{sourceName}: field 'transform_matrix': {e.Message}", e);
            }
        }
    }

    private static JsonElement Required(JsonElement obj, string name, string source) =>
        obj.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"{source}: missing field '{name}'.");

    private static int PositiveInt(JsonElement obj, string name, string source)
    {
        var e = Required(obj, name, source);
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v) || v <= 0)
        {
            throw new InvalidDataException($"{source}: field '{name}' must be a positive integer, got {e.GetRawText()}.");
        }

        return v;
    }

    private static double Number(JsonElement e, string where, string source)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
        {
            throw new InvalidDataException($"{source}: field '{where}' must be a finite number, got {e.GetRawText()}.");
        }

        return v;
    }

    private static Matrix4d Matrix(JsonElement e, string source)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 4)
        {
            throw new InvalidDataException($"{source}: field 'transform_matrix' must be a 4×4 array of arrays.");
        }

        var values = new double[16];
        var row = 0;
        foreach (var r in e.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != 4)
            {
                throw new InvalidDataException($"{source}: field 'transform_matrix[{row}]' must be an array of 4 numbers.");
            }

            var col = 0;
            foreach (var c in r.EnumerateArray())
            {
                values[(row * 4) + col] = Number(c, string.Create(CultureInfo.InvariantCulture, $"transform_matrix[{row}][{col}]"), source);
                col++;
            }

            row++;
        }

        return new Matrix4d(values);
    }
}
