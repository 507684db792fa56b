namespace Research.Media.Npy;

/// <summary>Per-dtype facts: item size, .NET element type and the NumPy type code (without byte order).</summary>
internal static class NpyDTypeInfo
{
    public static int ItemSize(NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.Int16 or NpyDType.UInt16 => 2,
        NpyDType.Bool or NpyDType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The little-endian descr NumPy writes for the type (one-byte types use '|', "not applicable").</summary>
    public static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Bool => "|b1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int16 => "<i2",
        NpyDType.UInt16 => "<u2",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Maps a type code such as "f4" to a dtype; null when unsupported.</summary>
    public static NpyDType? FromTypeCode(string code) => code switch
    {
        "f4" => NpyDType.Float32,
        "f8" => NpyDType.Float64,
        "i4" => NpyDType.Int32,
        "i8" => NpyDType.Int64,
        "b1" => NpyDType.Bool,
        "u1" => NpyDType.UInt8,
        "i2" => NpyDType.Int16,
        "u2" => NpyDType.UInt16,
        _ => null,
    };

    /// <summary>
    /// The dtype for an element array, matched on the exact runtime type: the CLR lets <c>is short[]</c> succeed for a
    /// ushort[] (and int[]/uint[], byte[]/sbyte[]), which would silently reinterpret the values.
    /// </summary>
    public static NpyDType? FromArray(Array data)
    {
        var type = data.GetType();
        return type == typeof(float[]) ? NpyDType.Float32
            : type == typeof(double[]) ? NpyDType.Float64
            : type == typeof(int[]) ? NpyDType.Int32
            : type == typeof(long[]) ? NpyDType.Int64
            : type == typeof(bool[]) ? NpyDType.Bool
            : type == typeof(byte[]) ? NpyDType.UInt8
            : type == typeof(short[]) ? NpyDType.Int16
            : type == typeof(ushort[]) ? NpyDType.UInt16
            : null;
    }

    public static Array Allocate(NpyDType dtype, int length) => dtype switch
    {
        NpyDType.Float32 => new float[length],
        NpyDType.Float64 => new double[length],
        NpyDType.Int32 => new int[length],
        NpyDType.Int64 => new long[length],
        NpyDType.Bool => new bool[length],
        NpyDType.UInt8 => new byte[length],
        NpyDType.Int16 => new short[length],
        NpyDType.UInt16 => new ushort[length],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };
}
