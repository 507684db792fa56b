namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// The tensors of a PyTorch checkpoint, flattened to dotted names (see <see cref="TorchCheckpoint"/> for the naming
/// rule), each with contiguous little-endian row-major bytes, plus the non-tensor leaves and format details.
/// </summary>
public sealed class TorchCheckpointDocument
{
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    internal TorchCheckpointDocument(
        TorchCheckpointFormat format,
        IReadOnlyList<SafetensorsTensor> tensors,
        IReadOnlyList<KeyValuePair<string, string>> otherValues,
        IReadOnlyDictionary<string, string> info)
    {
        Format = format;
        Tensors = tensors;
        OtherValues = otherValues;
        Info = info;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Legacy or zip layout.</summary>
    public TorchCheckpointFormat Format { get; }

    /// <summary>Tensors in the order the pickle names them.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>Tensor names in order.</summary>
    public IEnumerable<string> Names => Tensors.Select(t => t.Name);

    /// <summary>
    /// Scalar leaves that are not tensors (e.g. "epoch" → "12", "arch" → "resnet50"), with Python-like text:
    /// None, True/False, decimal ints, round-trip floats, strings as-is (cut at 200 characters), "bytes[n]".
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> OtherValues { get; }

    /// <summary>
    /// Format details. Legacy: "protocol_version", "little_endian" (True/False), "type_sizes.short|int|long".
    /// Zip: "archive" (top folder), "byteorder" and "version" when the records exist.
    /// </summary>
    public IReadOnlyDictionary<string, string> Info { get; }

    /// <summary>The tensor called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public SafetensorsTensor this[string name] =>
        _byName.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"No tensor named '{name}'.");

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafetensorsTensor? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>The values of a floating-point tensor (F32, F64, F16, BF16) as float.</summary>
    public float[] ToFloat32(string name) => this[name].ToFloat32();

    /// <summary>
    /// The tensors as a safetensors document (same bytes, no copy). With a <paramref name="prefix"/> (e.g.
    /// "state_dict" or "model"), keeps only the tensors below it and strips "prefix." from their names.
    /// </summary>
    public SafetensorsDocument ToSafetensors(string? prefix = null)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return new SafetensorsDocument(Tensors, null);
        }

        var start = prefix + ".";
        var selected = Tensors
            .Where(t => t.Name.StartsWith(start, StringComparison.Ordinal) && t.Name.Length > start.Length)
            .Select(t => new SafetensorsTensor(t.Name[start.Length..], t.DType, t.Shape, t.Data))
            .ToList();
        return new SafetensorsDocument(selected, null);
    }
}
