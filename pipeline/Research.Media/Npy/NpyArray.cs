using System.Collections.Immutable;
using System.Globalization;

namespace Research.Media.Npy;

/// <summary>
/// An n-dimensional array as stored in a NumPy <c>.npy</c> file: an element type, a shape, and the elements in
/// C (row-major) order in a flat typed .NET array.
/// </summary>
/// <remarks>
/// Use the <c>As…</c> methods to get the backing array without copying when you know the type
/// (e.g. <see cref="AsFloat32"/> for features saved as float32), or <see cref="ToFloat32"/> / <see cref="ToBool"/>
/// to convert whatever numeric type the file holds (e.g. masks saved as uint8 or bool).
/// </remarks>
public sealed class NpyArray
{
    /// <summary>Wraps a flat array (not copied); the element type decides <see cref="DType"/>.</summary>
    /// <param name="data">
    /// Elements in C order: <see cref="float"/>[], <see cref="double"/>[], <see cref="int"/>[], <see cref="long"/>[],
    /// <see cref="bool"/>[], <see cref="byte"/>[], <see cref="short"/>[] or <see cref="ushort"/>[].
    /// </param>
    /// <param name="shape">Dimensions, e.g. <c>[frames, 80]</c>; empty for a scalar (one element).</param>
    /// <exception cref="ArgumentException">The element type is unsupported or the shape does not match the length.</exception>
    public NpyArray(Array data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        DType = NpyDTypeInfo.FromArray(data)
            ?? throw new ArgumentException(
                $"Unsupported element array {data.GetType().Name}; pass a flat (one-dimensional) float[], double[], int[], long[], bool[], byte[], short[] or ushort[] in C order.",
                nameof(data));

        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
            }

            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has more elements than a .NET array can hold.", nameof(shape));
            }
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape {FormatShape(shape)} needs {count} elements but the data holds {data.Length}.", nameof(data));
        }

        Shape = [.. shape];
        Data = data;
    }

    /// <summary>Element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public int ElementCount => Data.Length;

    /// <summary>The elements in C order, as the typed array named by <see cref="DType"/> (not a copy).</summary>
    public Array Data { get; }

    /// <summary>The backing <see cref="float"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Float32"/>.</exception>
    public float[] AsFloat32() => As<float>(NpyDType.Float32, nameof(ToFloat32));

    /// <summary>The backing <see cref="double"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Float64"/>.</exception>
    public double[] AsFloat64() => As<double>(NpyDType.Float64, nameof(ToFloat64));

    /// <summary>The backing <see cref="int"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Int32"/>.</exception>
    public int[] AsInt32() => As<int>(NpyDType.Int32, null);

    /// <summary>The backing <see cref="long"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Int64"/>.</exception>
    public long[] AsInt64() => As<long>(NpyDType.Int64, null);

    /// <summary>The backing <see cref="bool"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Bool"/>.</exception>
    public bool[] AsBool() => As<bool>(NpyDType.Bool, nameof(ToBool));

    /// <summary>The backing <see cref="byte"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.UInt8"/>.</exception>
    public byte[] AsUInt8() => As<byte>(NpyDType.UInt8, null);

    /// <summary>The backing <see cref="short"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.Int16"/>.</exception>
    public short[] AsInt16() => As<short>(NpyDType.Int16, null);

    /// <summary>The backing <see cref="ushort"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The array is not <see cref="NpyDType.UInt16"/>.</exception>
    public ushort[] AsUInt16() => As<ushort>(NpyDType.UInt16, null);

    /// <summary>
    /// A new <see cref="float"/>[] converted from any dtype (bool becomes 0/1; 64-bit values round to nearest float).
    /// </summary>
    public float[] ToFloat32() => DType switch
    {
        NpyDType.Float32 => (float[])AsFloat32().Clone(),
        NpyDType.Float64 => Array.ConvertAll(AsFloat64(), v => (float)v),
        NpyDType.Int32 => Array.ConvertAll(AsInt32(), v => (float)v),
        NpyDType.Int64 => Array.ConvertAll(AsInt64(), v => (float)v),
        NpyDType.Bool => Array.ConvertAll(AsBool(), v => v ? 1f : 0f),
        NpyDType.UInt8 => Array.ConvertAll(AsUInt8(), v => (float)v),
        NpyDType.Int16 => Array.ConvertAll(AsInt16(), v => (float)v),
        NpyDType.UInt16 => Array.ConvertAll(AsUInt16(), v => (float)v),
        _ => throw new InvalidOperationException($"Unknown dtype {DType}."),
    };

    /// <summary>A new <see cref="double"/>[] converted from any dtype (bool becomes 0/1).</summary>
    public double[] ToFloat64() => DType switch
    {
        NpyDType.Float32 => Array.ConvertAll(AsFloat32(), v => (double)v),
        NpyDType.Float64 => (double[])AsFloat64().Clone(),
        NpyDType.Int32 => Array.ConvertAll(AsInt32(), v => (double)v),
        NpyDType.Int64 => Array.ConvertAll(AsInt64(), v => (double)v),
        NpyDType.Bool => Array.ConvertAll(AsBool(), v => v ? 1d : 0d),
        NpyDType.UInt8 => Array.ConvertAll(AsUInt8(), v => (double)v),
        NpyDType.Int16 => Array.ConvertAll(AsInt16(), v => (double)v),
        NpyDType.UInt16 => Array.ConvertAll(AsUInt16(), v => (double)v),
        _ => throw new InvalidOperationException($"Unknown dtype {DType}."),
    };

    /// <summary>A new <see cref="bool"/>[] where any non-zero element is true (as NumPy's <c>astype(bool)</c>; NaN is true).</summary>
    public bool[] ToBool() => DType switch
    {
        NpyDType.Float32 => Array.ConvertAll(AsFloat32(), v => v != 0f),
        NpyDType.Float64 => Array.ConvertAll(AsFloat64(), v => v != 0d),
        NpyDType.Int32 => Array.ConvertAll(AsInt32(), v => v != 0),
        NpyDType.Int64 => Array.ConvertAll(AsInt64(), v => v != 0L),
        NpyDType.Bool => (bool[])AsBool().Clone(),
        NpyDType.UInt8 => Array.ConvertAll(AsUInt8(), v => v != 0),
        NpyDType.Int16 => Array.ConvertAll(AsInt16(), v => v != 0),
        NpyDType.UInt16 => Array.ConvertAll(AsUInt16(), v => v != 0),
        _ => throw new InvalidOperationException($"Unknown dtype {DType}."),
    };

    /// <summary>A short description such as <c>NpyArray(&lt;f4, (3, 4))</c>.</summary>
    public override string ToString() => $"NpyArray({NpyDTypeInfo.Descr(DType)}, {FormatShape(Shape.AsSpan())})";

    /// <summary>Formats a shape the way Python prints a tuple: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c>.</summary>
    internal static string FormatShape(ReadOnlySpan<int> shape)
    {
        return shape.Length switch
        {
            0 => "()",
            1 => string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)"),
            _ => "(" + string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
    }

    private T[] As<T>(NpyDType expected, string? converter)
    {
        // Compare the dtype, not "Data is T[]": the CLR treats short[] and ushort[] (and int[]/uint[]) as each other.
        if (DType == expected)
        {
            return (T[])Data;
        }

        var hint = converter is null ? string.Empty : $"; use {converter}() to convert";
        throw new InvalidOperationException($"The array holds {DType} ({NpyDTypeInfo.Descr(DType)}) elements, not {expected}{hint}.");
    }
}
