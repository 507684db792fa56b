namespace Research.Media.Jpeg;

/// <summary>
/// A Huffman table prepared for decoding: codes of up to <see cref="LookupBits"/> bits resolve with one table look-up,
/// longer ones with the canonical-code limits per length (ITU T.81 F.2.2.3).
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes up to this length resolve in one look-up; ffmpeg and libjpeg tables put almost all symbols there.</summary>
    public const int LookupBits = 9;

    private JpegHuffmanTable()
    {
    }

    /// <summary>Indexed by the next <see cref="LookupBits"/> bits: (code length &lt;&lt; 8) | symbol, or 0 when the
    /// code is longer.</summary>
    public ushort[] Lookup { get; } = new ushort[1 << LookupBits];

    /// <summary>
    /// For AC tables, indexed like <see cref="Lookup"/>: when a code and its extra bits fit in
    /// <see cref="LookupBits"/> bits, (value &lt;&lt; 8) | (run &lt;&lt; 4) | total bits, else 0. Most coefficients
    /// of real images decode with this one look-up.
    /// </summary>
    public int[] FastAc { get; } = new int[1 << LookupBits];

    /// <summary>Largest code of each length (index 1–16), -1 when there is none.</summary>
    public int[] MaxCode { get; } = new int[17];

    /// <summary>Added to a code of each length to index <see cref="Values"/>.</summary>
    public int[] ValueOffset { get; } = new int[17];

    /// <summary>Symbols in code order; 256 entries so any index the limits allow is in range.</summary>
    public byte[] Values { get; } = new byte[256];

    /// <summary>Builds a table from a DHT segment's 16 code counts and its symbols.</summary>
    /// <returns>The table, or null when the counts over-subscribe the code space.</returns>
    public static JpegHuffmanTable? TryCreate(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var table = new JpegHuffmanTable();
        symbols.CopyTo(table.Values);
        var code = 0;
        var index = 0;
        for (var length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            table.ValueOffset[length] = index - code;
            table.MaxCode[length] = n == 0 ? -1 : code + n - 1;
            if (code + n > 1 << length)
            {
                return null;
            }

            if (length <= LookupBits)
            {
                // Every lookup index whose top bits are this code maps to it.
                var shift = LookupBits - length;
                for (var i = 0; i < n; i++)
                {
                    var entry = (ushort)((length << 8) | symbols[index + i]);
                    var first = (code + i) << shift;
                    table.Lookup.AsSpan(first, 1 << shift).Fill(entry);
                }
            }

            code = (code + n) << 1;
            index += n;
        }

        table.BuildFastAc();
        return table;
    }

    private void BuildFastAc()
    {
        for (var i = 0; i < Lookup.Length; i++)
        {
            var entry = Lookup[i];
            var length = entry >> 8;
            var run = (entry >> 4) & 15;
            var size = entry & 15;
            if (entry == 0 || size == 0 || length + size > LookupBits)
            {
                continue;
            }

            var extra = (i >> (LookupBits - length - size)) & ((1 << size) - 1);
            var value = extra < 1 << (size - 1) ? extra - (1 << size) + 1 : extra;
            FastAc[i] = (value << 8) | (run << 4) | (length + size);
        }
    }
}
