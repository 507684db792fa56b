using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Research.Media.Jpeg;

/// <summary>
/// Reads the entropy-coded bits of a scan: a 64-bit buffer, most significant bit first, refilled eight bytes at a
/// time where no 0xFF byte intervenes and a byte at a time with 0xFF00 stuffing removed otherwise. At a marker (or the end of the data) it feeds zero bytes and counts them; consuming
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

    /// <summary>
    /// Decodes one sequential-mode block (T.81 F.2.2): the DC difference added to <paramref name="predictor"/>, then
    /// the AC run/size codes; coefficients are dequantised into <paramref name="block"/> (natural order, zeroed by the
    /// caller). The bit buffer lives in locals here because this loop is where decoding spends its time.
    /// </summary>
    /// <returns>False when the block has no AC coefficients (so the IDCT can take its flat shortcut).</returns>
    public bool DecodeBlock(JpegHuffmanTable dcTable, JpegHuffmanTable acTable, ReadOnlySpan<ushort> quant, Span<float> block, ref int predictor)
    {
        quant = quant[..64];
        block = block[..64];
        var size = DecodeSymbol(dcTable);
        if (size > 16)
        {
            throw JpegErrors.Corrupt(source, $"a DC difference of {size} bits in the image data near byte {position}");
        }

        if (size > 0)
        {
            predictor += ReadSigned(size);
        }

        block[0] = predictor * quant[0];

        var zigzag = JpegZigZag.ToNatural;
        var lookup = acTable.Lookup;
        var fastAc = acTable.FastAc;
        var buffer = bits;
        var available = count;
        var hasAc = false;
        for (var k = 1; k < 64; k++)
        {
            if (available < 32)
            {
                bits = buffer;
                count = available;
                Fill();
                buffer = bits;
                available = count;
            }

            var peek = (int)(buffer >> (64 - JpegHuffmanTable.LookupBits));
            var fast = fastAc[peek];
            if (fast != 0)
            {
                k += (fast >> 4) & 15;
                var consumed = fast & 15;
                buffer <<= consumed;
                available -= consumed;
                if (k > 63)
                {
                    throw TooManyCoefficients();
                }

                block[zigzag[k]] = (fast >> 8) * quant[k];
                hasAc = true;
                continue;
            }

            int symbol;
            int entry = lookup[peek];
            if (entry != 0)
            {
                var length = entry >> 8;
                buffer <<= length;
                available -= length;
                symbol = entry & 0xFF;
            }
            else
            {
                bits = buffer;
                count = available;
                symbol = DecodeLong(acTable);
                buffer = bits;
                available = count;
            }

            var run = symbol >> 4;
            var bitCount = symbol & 15;
            if (bitCount == 0)
            {
                if (run != 15)
                {
                    break;
                }

                // ZRL: sixteen zeros (the loop's own increment is the sixteenth).
                k += 15;
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw TooManyCoefficients();
            }

            var extra = (int)(buffer >> (64 - bitCount));
            buffer <<= bitCount;
            available -= bitCount;
            var value = extra < 1 << (bitCount - 1) ? extra - (1 << bitCount) + 1 : extra;
            block[zigzag[k]] = value * quant[k];
            hasAc = true;
        }

        bits = buffer;
        count = available;
        return hasAc;
    }

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
        // Fast path: eight bytes without a 0xFF among them need no unstuffing; take as many whole bytes as fit.
        if (!atMarker && data.Length - position >= 8)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(data[position..]);
            var inverted = ~word;
            if (((inverted - 0x0101010101010101UL) & ~inverted & 0x8080808080808080UL) == 0)
            {
                var take = (64 - count) >> 3;
                bits |= (word >> (64 - (8 * take))) << (64 - count - (8 * take));
                position += take;
                count += 8 * take;
                return;
            }
        }

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

    private readonly MediaFormatException TooManyCoefficients() =>
        JpegErrors.Corrupt(source, $"a block with more than 64 coefficients in the image data near byte {position}");

    private readonly MediaFormatException RanOut() =>
        position >= data.Length
            ? JpegErrors.Truncated(source, $"inside the image data (the data ends at byte {data.Length})")
            : JpegErrors.Corrupt(source, $"the image data stops early at marker 0xFF{(position + 1 < data.Length ? data[position + 1] : 0):X2} (byte {position})");
}
