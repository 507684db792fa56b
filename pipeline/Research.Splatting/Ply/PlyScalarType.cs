using System.Buffers.Binary;

namespace Research.Splatting.Ply;

/// <summary>A PLY scalar property type (little-endian), with its size and a conversion to float.</summary>
internal sealed record PlyScalarType(string Name, int Size)
{
    private static readonly Dictionary<string, PlyScalarType> Types = new(StringComparer.Ordinal)
    {
        ["char"] = new("char", 1), ["int8"] = new("char", 1),
        ["uchar"] = new("uchar", 1), ["uint8"] = new("uchar", 1),
        ["short"] = new("short", 2), ["int16"] = new("short", 2),
        ["ushort"] = new("ushort", 2), ["uint16"] = new("ushort", 2),
        ["int"] = new("int", 4), ["int32"] = new("int", 4),
        ["uint"] = new("uint", 4), ["uint32"] = new("uint", 4),
        ["float"] = new("float", 4), ["float32"] = new("float", 4),
        ["double"] = new("double", 8), ["float64"] = new("double", 8),
    };

    public static PlyScalarType? Find(string name) => Types.GetValueOrDefault(name);

    public float ReadAsFloat(ReadOnlySpan<byte> b) => Name switch
    {
        "char" => (sbyte)b[0],
        "uchar" => b[0],
        "short" => BinaryPrimitives.ReadInt16LittleEndian(b),
        "ushort" => BinaryPrimitives.ReadUInt16LittleEndian(b),
        "int" => BinaryPrimitives.ReadInt32LittleEndian(b),
        "uint" => BinaryPrimitives.ReadUInt32LittleEndian(b),
        "float" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(b)),
        _ => (float)BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(b)),
    };
}
