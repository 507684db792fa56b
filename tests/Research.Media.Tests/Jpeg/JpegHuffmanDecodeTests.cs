using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// The bit reader's block decoding (look-up table, combined run/value table, long-code path, byte unstuffing) against
/// a bit stream built here from first principles: canonical codes assigned per T.81 C.2, bits written most significant
/// first, 0xFF followed by a stuffed 0x00. Must decode exactly.
/// </summary>
public sealed class JpegHuffmanDecodeTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Random_blocks_decode_to_what_was_coded(int seed)
    {
        var random = new Random(seed);
        var dcCounts = JpegStandardTables.DcLuminanceCounts.ToArray();
        var dcSymbols = JpegStandardTables.DcLuminanceSymbols.ToArray();
        var acCounts = JpegStandardTables.AcLuminanceCounts.ToArray();
        var acSymbols = JpegStandardTables.AcLuminanceSymbols.ToArray();
        var dcCodes = CanonicalCodes(dcCounts, dcSymbols);
        var acCodes = CanonicalCodes(acCounts, acSymbols);
        var zigzag = JpegZigZag.ToNatural.ToArray();

        var writer = new BitWriter();
        var expected = new List<float[]>();
        var dc = 0;
        for (var b = 0; b < 400; b++)
        {
            var block = new float[64];
            var diff = random.Next(-2047, 2048);
            dc += diff;
            block[0] = dc;
            writer.Symbol(dcCodes, Magnitude(diff));
            writer.Value(diff);

            // Random run/size symbols (every one the table has, long codes included) until the block is full or ends.
            var k = 1;
            while (k < 64)
            {
                var symbol = acSymbols[random.Next(acSymbols.Length)];
                var run = symbol >> 4;
                var size = symbol & 15;
                if (size == 0 || k + run > 63)
                {
                    if (random.Next(4) == 0 || k + 16 > 63)
                    {
                        break;
                    }

                    continue;
                }

                k += run;
                var magnitude = random.Next(1 << (size - 1), 1 << size);
                var value = random.Next(2) == 0 ? magnitude : -magnitude;
                writer.Symbol(acCodes, symbol);
                writer.Value(value);
                block[zigzag[k]] = value;
                k++;
                if (random.Next(3) == 0 && k + 16 <= 63)
                {
                    writer.Symbol(acCodes, 0xF0);
                    k += 16;
                }
            }

            if (k < 64)
            {
                writer.Symbol(acCodes, 0x00);
            }

            expected.Add(block);
        }

        var data = writer.Finish();
        var dcTable = JpegHuffmanTable.TryCreate(dcCounts, dcSymbols)!;
        var acTable = JpegHuffmanTable.TryCreate(acCounts, acSymbols)!;
        var quant = Enumerable.Repeat((ushort)1, 64).ToArray();
        var reader = new JpegBitReader(data, 0, "test");
        var predictor = 0;
        var actual = new float[64];
        for (var b = 0; b < expected.Count; b++)
        {
            Array.Clear(actual);
            var hasAc = reader.DecodeBlock(dcTable, acTable, quant, actual, ref predictor);
            Assert.That(actual, Is.EqualTo(expected[b]), $"block {b}");
            Assert.That(hasAc, Is.EqualTo(expected[b].Skip(1).Any(v => v != 0)));
        }

        // Throws if the decoder read bits past the data.
        reader.EndSegment();
        Assert.That(data, Does.Contain((byte)0xFF), "the stream exercises unstuffing");
    }

    [Test]
    public void Oversubscribed_counts_are_refused()
    {
        var counts = new byte[16];
        counts[0] = 2;
        counts[1] = 1;

        Assert.That(JpegHuffmanTable.TryCreate(counts, [1, 2, 3]), Is.Null);
    }

    private static int Magnitude(int value) => value == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(value));

    // T.81 C.2: codes of each length are consecutive, and the first code of the next length is (last + 1) << 1.
    private static Dictionary<int, (int Code, int Length)> CanonicalCodes(byte[] counts, byte[] symbols)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, index = 0;
        for (var length = 1; length <= 16; length++, code <<= 1)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                codes[symbols[index++]] = (code++, length);
            }
        }

        return codes;
    }

    private sealed class BitWriter
    {
        private readonly List<byte> bytes = [];
        private readonly List<bool> pending = [];

        public void Symbol(Dictionary<int, (int Code, int Length)> codes, int symbol)
        {
            var (code, length) = codes[symbol];
            Bits(code, length);
        }

        // T.81 F.1.2.1: the low `size` bits of the value, with negative values stored as value - 1.
        public void Value(int value)
        {
            var size = Magnitude(value);
            Bits(value < 0 ? value - 1 : value, size);
        }

        public byte[] Finish()
        {
            while (pending.Count % 8 != 0)
            {
                pending.Add(true);
            }

            Flush();
            bytes.Add(0xFF);
            bytes.Add(0xD9);
            return [.. bytes];
        }

        private void Bits(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                pending.Add(((value >> i) & 1) != 0);
            }

            Flush();
        }

        private void Flush()
        {
            while (pending.Count >= 8)
            {
                var b = 0;
                for (var i = 0; i < 8; i++)
                {
                    b = (b << 1) | (pending[i] ? 1 : 0);
                }

                pending.RemoveRange(0, 8);
                bytes.Add((byte)b);
                if (b == 0xFF)
                {
                    bytes.Add(0);
                }
            }
        }
    }
}
