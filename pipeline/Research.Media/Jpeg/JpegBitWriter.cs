namespace Research.Media.Jpeg;

/// <summary>
/// Accumulates a JPEG file: marker segments as plain bytes and entropy-coded data as bits, most significant first,
/// with a 0x00 stuffed after every 0xFF data byte.
/// </summary>
internal sealed class JpegBitWriter
{
    private byte[] buffer;
    private int length;
    private ulong accumulator;
    private int bitCount;

    public JpegBitWriter(int capacity)
    {
        buffer = new byte[Math.Max(capacity, 1024)];
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    /// <summary>Appends raw bytes (headers).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    /// <summary>Appends a big-endian 16-bit value.</summary>
    public void WriteUInt16(int value) => WriteBytes([(byte)(value >> 8), (byte)value]);

    /// <summary>Appends the low <paramref name="count"/> (0–16) bits of <paramref name="bits"/>.</summary>
    public void WriteBits(int bits, int count)
    {
        accumulator |= (ulong)((uint)bits & ((1u << count) - 1)) << (64 - bitCount - count);
        bitCount += count;
        if (bitCount >= 32)
        {
            EmitBytes(4);
        }
    }

    /// <summary>Pads the last byte with 1 bits (T.81 F.1.2.3) and writes out every buffered bit.</summary>
    public void FlushBits()
    {
        var pad = (8 - (bitCount & 7)) & 7;
        WriteBits((1 << pad) - 1, pad);
        EmitBytes(bitCount >> 3);
    }

    private void EmitBytes(int count)
    {
        EnsureRoom(2 * count);
        for (var i = 0; i < count; i++)
        {
            var b = (byte)(accumulator >> 56);
            accumulator <<= 8;
            buffer[length++] = b;
            if (b == 0xFF)
            {
                buffer[length++] = 0;
            }
        }

        bitCount -= 8 * count;
    }

    private void EnsureRoom(int extra)
    {
        if (length + extra > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + extra));
        }
    }
}
