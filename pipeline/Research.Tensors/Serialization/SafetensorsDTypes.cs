namespace Research.Tensors.Serialization;

/// <summary>Header names and element sizes of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    private static readonly (SafetensorsDType Type, string Name, int Bits)[] Table =
    [
        (SafetensorsDType.Bool, "BOOL", 8),
        (SafetensorsDType.F4, "F4", 4),
        (SafetensorsDType.F6E2M3, "F6_E2M3", 6),
        (SafetensorsDType.F6E3M2, "F6_E3M2", 6),
        (SafetensorsDType.U8, "U8", 8),
        (SafetensorsDType.I8, "I8", 8),
        (SafetensorsDType.F8E5M2, "F8_E5M2", 8),
        (SafetensorsDType.F8E4M3, "F8_E4M3", 8),
        (SafetensorsDType.F8E8M0, "F8_E8M0", 8),
        (SafetensorsDType.F8E4M3Fnuz, "F8_E4M3FNUZ", 8),
        (SafetensorsDType.F8E5M2Fnuz, "F8_E5M2FNUZ", 8),
        (SafetensorsDType.I16, "I16", 16),
        (SafetensorsDType.U16, "U16", 16),
        (SafetensorsDType.F16, "F16", 16),
        (SafetensorsDType.BF16, "BF16", 16),
        (SafetensorsDType.I32, "I32", 32),
        (SafetensorsDType.U32, "U32", 32),
        (SafetensorsDType.F32, "F32", 32),
        (SafetensorsDType.C64, "C64", 64),
        (SafetensorsDType.F64, "F64", 64),
        (SafetensorsDType.I64, "I64", 64),
        (SafetensorsDType.U64, "U64", 64),
    ];

    /// <summary>The dtype's name in the JSON header, e.g. "F32" or "F8_E4M3".</summary>
    public static string HeaderName(this SafetensorsDType type) => Entry(type).Name;

    /// <summary>Bits per element (4 and 6 for the packed MX floats, otherwise a multiple of 8).</summary>
    public static int BitSize(this SafetensorsDType type) => Entry(type).Bits;

    /// <summary>Parses a header dtype name (exact, case-sensitive, as the reference implementation does).</summary>
    public static bool TryParse(string name, out SafetensorsDType type)
    {
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>
    /// Byte length of a tensor with <paramref name="elementCount"/> elements, or null when it overflows or ends
    /// inside a byte (sub-byte dtypes with an odd total bit count cannot be stored).
    /// </summary>
    public static long? ByteLength(this SafetensorsDType type, long elementCount)
    {
        if (elementCount < 0)
        {
            return null;
        }

        try
        {
            var bits = checked(elementCount * type.BitSize());
            return bits % 8 == 0 ? bits / 8 : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static (SafetensorsDType Type, string Name, int Bits) Entry(SafetensorsDType type)
    {
        var index = (int)type;
        if (index < 0 || index >= Table.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown safetensors dtype.");
        }

        return Table[index];
    }
}
