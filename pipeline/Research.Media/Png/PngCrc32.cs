using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Research.Media.Png;

/// <summary>
/// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as PNG chunks use it. Slicing-by-8 tables: the BCL has no
/// public CRC-32 without System.IO.Hashing, and every chunk of every frame is verified, so byte-at-a-time is too slow.
/// </summary>
internal static class PngCrc32
{
    private const uint Polynomial = 0xEDB88320u;

    // Table k maps a byte to its CRC contribution k bytes further back in the message.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>CRC of a whole buffer.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a finished CRC over more bytes (Append(Append(0, a), b) == Compute(a + b)).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        ref var table = ref MemoryMarshal.GetArrayDataReference(Tables);
        ref var p = ref MemoryMarshal.GetReference(data);
        var n = data.Length;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var lo = ReadLittleEndian(ref Unsafe.Add(ref p, i)) ^ c;
            var hi = ReadLittleEndian(ref Unsafe.Add(ref p, i + 4));
            c = Unsafe.Add(ref table, (7 * 256) + (int)(lo & 0xFF))
                ^ Unsafe.Add(ref table, (6 * 256) + (int)((lo >> 8) & 0xFF))
                ^ Unsafe.Add(ref table, (5 * 256) + (int)((lo >> 16) & 0xFF))
                ^ Unsafe.Add(ref table, (4 * 256) + (int)(lo >> 24))
                ^ Unsafe.Add(ref table, (3 * 256) + (int)(hi & 0xFF))
                ^ Unsafe.Add(ref table, (2 * 256) + (int)((hi >> 8) & 0xFF))
                ^ Unsafe.Add(ref table, 256 + (int)((hi >> 16) & 0xFF))
                ^ Unsafe.Add(ref table, (int)(hi >> 24));
        }

        for (; i < n; i++)
        {
            c = Unsafe.Add(ref table, (int)((c ^ Unsafe.Add(ref p, i)) & 0xFF)) ^ (c >> 8);
        }

        return ~c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadLittleEndian(ref byte source)
    {
        var v = Unsafe.ReadUnaligned<uint>(ref source);
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    private static uint[] BuildTables()
    {
        var t = new uint[8 * 256];
        for (uint b = 0; b < 256; b++)
        {
            var c = b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            t[b] = c;
        }

        for (var k = 1; k < 8; k++)
        {
            for (var b = 0; b < 256; b++)
            {
                var prev = t[((k - 1) * 256) + b];
                t[(k * 256) + b] = t[(int)(prev & 0xFF)] ^ (prev >> 8);
            }
        }

        return t;
    }
}
