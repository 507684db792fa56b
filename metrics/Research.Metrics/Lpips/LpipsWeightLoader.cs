using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;

namespace Research.Metrics.Lpips;

/// <summary>Reads weight files (.pth in legacy or zip layout, or .safetensors) and checks every tensor LPIPS needs.</summary>
internal static class LpipsWeightLoader
{
    /// <summary>The tensors of a file by name; the format follows the extension (.safetensors, else torch.save).</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"LPIPS weight file '{path}' does not exist; see docs/weights.md for where the published files come from.", path);
        }

        IReadOnlyList<SafetensorsTensor> tensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafetensorsFile.Read(path).Tensors
            : TorchCheckpoint.Read(path).Tensors;
        var byName = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            byName.TryAdd(tensor.Name, tensor);
        }

        return byName;
    }

    /// <summary>
    /// The values of tensor <paramref name="name"/> as float after checking presence, shape, dtype and finiteness;
    /// any problem is an <see cref="InvalidDataException"/> naming the file, the tensor and the expected shape.
    /// </summary>
    public static float[] Require(IReadOnlyDictionary<string, SafetensorsTensor> tensors, string source, string name, int[] shape, string expectedFile)
    {
        var expected = $"[{string.Join(", ", shape)}]";
        if (!tensors.TryGetValue(name, out var tensor))
        {
            var sample = string.Join(", ", tensors.Keys.Take(4).Select(k => $"'{k}'"));
            var others = tensors.Count == 0 ? "no tensors" : $"{tensors.Count} tensors ({sample}{(tensors.Count > 4 ? ", …" : string.Empty)})";
            throw new InvalidDataException(
                $"{source}: tensor '{name}' {expected} is missing (the file holds {others}); expected {expectedFile}.");
        }

        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"{source}: tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}], expected {expected} ({expectedFile}).");
        }

        if (tensor.DType is not (SafetensorsDType.F32 or SafetensorsDType.F64 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new InvalidDataException(
                $"{source}: tensor '{name}' {expected} has dtype {tensor.DType.HeaderName()}, expected a floating-point type ({expectedFile}).");
        }

        var values = tensor.ToFloat32();
        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' {expected} holds a non-finite value ({values[bad]}) at element {bad}.");
        }

        return values;
    }
}
