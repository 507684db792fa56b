using System.Buffers.Binary;
using System.Globalization;

namespace Research.Media.Png;

/// <summary>PNG file layout constants and chunk writing shared by the encoder and decoder.</summary>
internal static class PngChunks
{
    // Chunk types as big-endian integers, so parsing can switch on one uint.
    public const uint Ihdr = 0x49484452;
    public const uint Plte = 0x504C5445;
    public const uint Idat = 0x49444154;
    public const uint Iend = 0x49454E44;
    public const uint Trns = 0x74524E53;

    /// <summary>Length, type and CRC around every chunk's data.</summary>
    public const int Overhead = 12;

    /// <summary>The 8-byte PNG file signature.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes one chunk: length, type, data, CRC over type and data.</summary>
    public static void Write(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(head[4..], type);
        output.Write(head);
        output.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc32.Append(PngCrc32.Compute(head[4..]), data));
        output.Write(crc);
    }

    /// <summary>The chunk type as text for messages ("IDAT"), or hex when the bytes are not letters.</summary>
    public static string Name(uint type)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((type >> (24 - (8 * i))) & 0xFF);
            if (!char.IsAsciiLetter(c))
            {
                return "0x" + type.ToString("X8", CultureInfo.InvariantCulture);
            }

            chars[i] = c;
        }

        return new string(chars);
    }

    /// <summary>True when every byte of the type is an ASCII letter, as the format requires.</summary>
    public static bool IsValidType(uint type)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            if (!char.IsAsciiLetter((char)((type >> shift) & 0xFF)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Critical chunks have an upper-case first letter; a decoder must not ignore one it does not know.</summary>
    public static bool IsCritical(uint type) => (type & 0x20000000) == 0;
}
