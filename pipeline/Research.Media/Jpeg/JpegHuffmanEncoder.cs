namespace Research.Media.Jpeg;

/// <summary>A Huffman table prepared for encoding: the canonical code and its length for every symbol.</summary>
internal sealed class JpegHuffmanEncoder
{
    /// <summary>Builds the canonical codes of a table given as code counts per length and symbols in code order.</summary>
    public JpegHuffmanEncoder(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var code = 0;
        var index = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                Codes[symbols[index]] = (ushort)code;
                Lengths[symbols[index]] = (byte)length;
                code++;
                index++;
            }

            code <<= 1;
        }
    }

    /// <summary>Code of each symbol (right-aligned).</summary>
    public ushort[] Codes { get; } = new ushort[256];

    /// <summary>Code length of each symbol; 0 for symbols the table cannot code.</summary>
    public byte[] Lengths { get; } = new byte[256];
}
