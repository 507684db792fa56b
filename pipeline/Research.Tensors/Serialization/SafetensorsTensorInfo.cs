namespace Research.Tensors.Serialization;

/// <summary>
/// A header entry of a safetensors file: name, dtype, shape and the byte range [<see cref="DataBegin"/>,
/// <see cref="DataEnd"/>) relative to the start of the byte buffer.
/// </summary>
public sealed class SafetensorsTensorInfo
{
    internal SafetensorsTensorInfo(string name, SafetensorsDType dtype, int[] shape, long dataBegin, long dataEnd)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        DataBegin = dataBegin;
        DataEnd = dataEnd;
    }

    /// <summary>Tensor name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Row-major shape; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>First byte, relative to the byte buffer.</summary>
    public long DataBegin { get; }

    /// <summary>One past the last byte, relative to the byte buffer.</summary>
    public long DataEnd { get; }

    /// <summary>Byte length of the tensor data.</summary>
    public long ByteLength => DataEnd - DataBegin;
}
