using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Research.Media.Tests.Png;

/// <summary>
/// Builds PNG files chunk by chunk so tests can produce layouts no encoder at hand writes (2/4-bit, odd chunks, damage).
/// The CRC here is the plain bitwise definition, independent of the decoder's table-driven one.
/// </summary>
internal static class PngTestFiles
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Ihdr(int width, int height, int bitDepth, int colorType, int interlace = 0)
    {
        var d = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(d, width);
        BinaryPrimitives.WriteInt32BigEndian(d.AsSpan(4), height);
        d[8] = (byte)bitDepth;
        d[9] = (byte)colorType;
        d[12] = (byte)interlace;
        return Chunk("IHDR", d);
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var c = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(c, data.Length);
        typeBytes.CopyTo(c, 4);
        data.CopyTo(c, 8);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(8 + data.Length), Crc(c.AsSpan(4, 4 + data.Length)));
        return c;
    }

    public static byte[] Idat(byte[] scanlines) => Chunk("IDAT", Deflate(scanlines));

    public static byte[] Iend() => Chunk("IEND", []);

    public static byte[] File(params byte[][] chunks)
    {
        using var ms = new MemoryStream();
        ms.Write(Signature);
        foreach (var c in chunks)
        {
            ms.Write(c);
        }

        return ms.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>Byte offset of the first chunk of the given type in a PNG file.</summary>
    public static int FindChunk(byte[] file, string type)
    {
        var pos = 8;
        while (pos + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            if (Encoding.ASCII.GetString(file, pos + 4, 4) == type)
            {
                return pos;
            }

            pos += 12 + length;
        }

        throw new InvalidOperationException($"No {type} chunk.");
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return ~c;
    }
}
