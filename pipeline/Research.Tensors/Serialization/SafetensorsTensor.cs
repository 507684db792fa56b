using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Research.Tensors.Serialization;

/// <summary>
/// One named tensor as stored in a safetensors file: dtype, row-major shape and the raw little-endian bytes.
/// Independent of the compute tensor type so checkpoints can be read and written by any stage.
/// </summary>
public sealed class SafetensorsTensor
{
    private readonly int[] _shape;

    /// <summary>Wraps raw bytes; <paramref name="data"/> must hold exactly the bytes the dtype and shape imply.</summary>
    public SafetensorsTensor(string name, SafetensorsDType dtype, IReadOnlyList<int> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        _ = dtype.BitSize();
        _shape = [.. shape];
        long count = 1;
        foreach (var dim in _shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }

        var expected = dtype.ByteLength(count)
            ?? throw new ArgumentException($"Tensor '{name}': {count} elements of {dtype.HeaderName()} do not fill whole bytes.", nameof(shape));
        if (data.Length != expected)
        {
            throw new ArgumentException(
                $"Tensor '{name}': {dtype.HeaderName()} [{string.Join(", ", _shape)}] needs {expected} bytes, got {data.Length}.",
                nameof(data));
        }

        Name = name;
        DType = dtype;
        ElementCount = count;
        Data = data;
    }

    /// <summary>Tensor name (the JSON key).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Row-major shape; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of elements (1 for a scalar, 0 when any dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>Raw little-endian element bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>An F32 tensor from values (copied).</summary>
    public static SafetensorsTensor FromFloat32(string name, ReadOnlySpan<float> data, IReadOnlyList<int> shape)
    {
        var bytes = new byte[checked(data.Length * sizeof(float))];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), data[i]);
        }

        return new SafetensorsTensor(name, SafetensorsDType.F32, shape, bytes);
    }

    /// <summary>An F64 tensor from values (copied).</summary>
    public static SafetensorsTensor FromFloat64(string name, ReadOnlySpan<double> data, IReadOnlyList<int> shape)
    {
        var bytes = new byte[checked(data.Length * sizeof(double))];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), data[i]);
        }

        return new SafetensorsTensor(name, SafetensorsDType.F64, shape, bytes);
    }

    /// <summary>An I64 tensor from values (copied).</summary>
    public static SafetensorsTensor FromInt64(string name, ReadOnlySpan<long> data, IReadOnlyList<int> shape)
    {
        var bytes = new byte[checked(data.Length * sizeof(long))];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), data[i]);
        }

        return new SafetensorsTensor(name, SafetensorsDType.I64, shape, bytes);
    }

    /// <summary>An I32 tensor from values (copied).</summary>
    public static SafetensorsTensor FromInt32(string name, ReadOnlySpan<int> data, IReadOnlyList<int> shape)
    {
        var bytes = new byte[checked(data.Length * sizeof(int))];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), data[i]);
        }

        return new SafetensorsTensor(name, SafetensorsDType.I32, shape, bytes);
    }

    /// <summary>The values as float: F32 exactly, F16/BF16 widened, F64 rounded to nearest.</summary>
    public float[] ToFloat32()
    {
        var bytes = Data.Span;
        var result = new float[ElementCount];
        switch (DType)
        {
            case SafetensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(result);
                break;
            case SafetensorsDType.F32:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                }

                break;
            case SafetensorsDType.F16:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
                }

                break;
            case SafetensorsDType.BF16:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]));
                }

                break;
            case SafetensorsDType.F64:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
                }

                break;
            default:
                throw NotConvertible("float32");
        }

        return result;
    }

    /// <summary>The values as double: F64 exactly, F32/F16/BF16 widened exactly.</summary>
    public double[] ToFloat64()
    {
        var bytes = Data.Span;
        var result = new double[ElementCount];
        switch (DType)
        {
            case SafetensorsDType.F64 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, double>(bytes).CopyTo(result);
                break;
            case SafetensorsDType.F64:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
                }

                break;
            case SafetensorsDType.F32:
            case SafetensorsDType.F16:
            case SafetensorsDType.BF16:
                var floats = ToFloat32();
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = floats[i];
                }

                break;
            default:
                throw NotConvertible("float64");
        }

        return result;
    }

    /// <summary>The values as long from any integer or BOOL dtype; U64 values above long.MaxValue throw.</summary>
    public long[] ToInt64()
    {
        var bytes = Data.Span;
        var result = new long[ElementCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
                SafetensorsDType.U64 => ToSignedChecked(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..])),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                SafetensorsDType.I8 => (sbyte)bytes[i],
                SafetensorsDType.U8 => bytes[i],
                SafetensorsDType.Bool => bytes[i] != 0 ? 1 : 0,
                _ => throw NotConvertible("int64"),
            };
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {DType.HeaderName()} [{string.Join(", ", _shape)}]";

    private static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    private long ToSignedChecked(ulong value) =>
        value <= long.MaxValue
            ? (long)value
            : throw new OverflowException($"Tensor '{Name}': U64 value {value} does not fit in int64.");

    private InvalidOperationException NotConvertible(string target) =>
        new($"Tensor '{Name}' has dtype {DType.HeaderName()}, which does not convert to {target}.");
}
