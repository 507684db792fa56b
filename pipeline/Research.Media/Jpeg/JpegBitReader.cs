using System.Runtime.CompilerServices;

namespace Research.Media.Jpeg;

/// <summary>
/// Reads the entropy-coded bits of a scan: a 64-bit buffer, most significant bit first, refilled a byte at a time
/// with 0xFF00 stuffing removed. At a marker (or the end of the data) it feeds zero bytes and counts them; consuming
/// any of those means the scan is truncated or corrupt, which <see cref="EndSegment"/> and the refill detect.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly string source;
    private int position;
    private ulong bits;
    private int count;
    private int padBytes;
    private bool atMarker;

    public JpegBitReader(ReadOnlySpan<byte> data, int position, string source)
    {
        this.data = data;
        this.position = position;
        this.source = source;
    }

    /// <summary>Byte offset of the first byte not yet pulled into the bit buffer.</summary>
    public readonly int Position => position;

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(JpegHuffmanTable table)
    {
        // A symbol (≤ 16 bits) and its extra bits (≤ 16) fit after one refill, so callers never refill in between.
        if (count < 32)
        {
            Fill();
        }

        int entry = table.Lookup[(int)(bits >> (64 - JpegHuffmanTable.LookupBits))];
        if (entry != 0)
        {
            var length = entry >> 8;
            bits <<= length;
            count -= length;
            return entry & 0xFF;
        }

        return DecodeLong(table);
    }

    /// <summary>Reads <paramref name="n"/> (1–16) raw bits as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int n)
    {
        if (count < n)
        {
            Fill();
        }

        var value = (int)(bits >> (64 - n));
        bits <<= n;
        count -= n;
        return value;
    }

    /// <summary>Reads <paramref name="n"/> (1–16) bits and sign-extends them as T.81 F.2.2.1 EXTEND does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadSigned(int n)
    {
        var value = ReadBits(n);
        return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        if (count < 1)
        {
            Fill();
        }

        var value = (int)(bits >> 63);
        bits <<= 1;
        count--;
        return value;
    }

    /// <summary>
    /// Ends a scan or restart interval: fails if the decoder used bits past the real data, then drops the padding
    /// bits of the last byte so reading resumes at the next marker.
    /// </summary>
    public void EndSegment()
    {
        if (count < padBytes * 8)
        {
            throw RanOut();
        }

        bits = 0;
        count = 0;
        padBytes = 0;
        atMarker = false;
    }

    /// <summary>Ends a restart interval and consumes the RSTn marker that must follow it.</summary>
    public void Restart(int expected)
    {
        EndSegment();
        var marker = JpegSegmentReader.NextMarker(data, ref position);
        if (marker < 0)
        {
            throw JpegErrors.Truncated(source, $"before restart marker RST{expected}");
        }

        if (marker != JpegMarkers.Rst0 + expected)
        {
            throw JpegErrors.Corrupt(source, $"expected restart marker RST{expected} at byte {position - 2} but found marker 0xFF{marker:X2}");
        }
    }

    private void Fill()
    {
        while (count <= 56)
        {
            int b;
            if (atMarker)
            {
                // Eight fabricated bytes fill the buffer; needing a ninth means real bits ran out.
                if (++padBytes > 8)
                {
                    throw RanOut();
                }

                b = 0;
            }
            else if (position >= data.Length)
            {
                atMarker = true;
                continue;
            }
            else
            {
                b = data[position];
                if (b == 0xFF)
                {
                    if (position + 1 < data.Length && data[position + 1] == 0)
                    {
                        position += 2;
                    }
                    else
                    {
                        atMarker = true;
                        continue;
                    }
                }
                else
                {
                    position++;
                }
            }

            bits |= (ulong)(uint)b << (56 - count);
            count += 8;
        }
    }

    private int DecodeLong(JpegHuffmanTable table)
    {
        var code16 = (int)(bits >> 48);
        for (var length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
        {
            var code = code16 >> (16 - length);
            if (code <= table.MaxCode[length])
            {
                bits <<= length;
                count -= length;
                return table.Values[(code + table.ValueOffset[length]) & 0xFF];
            }
        }

        throw JpegErrors.Corrupt(source, $"invalid Huffman code in the image data near byte {position}");
    }

    private readonly MediaFormatException RanOut() =>
        position >= data.Length
            ? JpegErrors.Truncated(source, $"inside the image data (the data ends at byte {data.Length})")
            : JpegErrors.Corrupt(source, $"the image data stops early at marker 0xFF{(position + 1 < data.Length ? data[position + 1] : 0):X2} (byte {position})");
}
