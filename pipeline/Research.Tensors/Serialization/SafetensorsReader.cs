namespace Research.Tensors.Serialization;

/// <summary>
/// An open safetensors file whose header is parsed and validated up front; tensor bytes are read on demand with
/// positional reads, so only the requested tensors are ever in memory. Thread-safe for concurrent reads.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _bufferStart;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    private SafetensorsReader(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        var (tensors, metadata, bufferStart) = SafetensorsHeader.Read(stream, path);
        Tensors = tensors;
        Metadata = metadata;
        _bufferStart = bufferStart;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>Header entries in the order their data appears in the file.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The "__metadata__" map, or null when the file has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry for <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public SafetensorsTensorInfo GetInfo(string name) =>
        _byName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");

    /// <summary>Reads one tensor's bytes into a new buffer.</summary>
    public SafetensorsTensor ReadTensor(string name)
    {
        var info = GetInfo(name);
        var data = new byte[info.ByteLength];
        ReadInto(info, data);
        return new SafetensorsTensor(info.Name, info.DType, info.Shape, data);
    }

    /// <summary>Copies one tensor's raw bytes into <paramref name="destination"/>, which must be exactly that long.</summary>
    public void ReadInto(SafetensorsTensorInfo info, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(info);
        ObjectDisposedException.ThrowIf(_stream.SafeFileHandle.IsClosed, this);
        if (destination.Length != info.ByteLength)
        {
            throw new ArgumentException($"Tensor '{info.Name}' has {info.ByteLength} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var offset = _bufferStart + info.DataBegin;
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(_stream.SafeFileHandle, destination, offset);
            if (read == 0)
            {
                throw SafetensorsHeader.Error(Path, $"tensor '{info.Name}': file ended early (was it truncated after opening?)");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    internal static SafetensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            return new SafetensorsReader(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
