using System.Buffers.Binary;

namespace Research.Media.Jpeg;

/// <summary>
/// Walks the marker segments of a JPEG file, keeps the tables they define and decodes each scan, producing the
/// component planes of the frame (colour conversion is left to <see cref="JpegDecoder"/>).
/// </summary>
internal sealed class JpegParser
{
    private readonly string source;
    private readonly ushort[]?[] quantTables = new ushort[4][];
    private readonly JpegHuffmanTable?[] dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] acTables = new JpegHuffmanTable[4];
    private int restartInterval;
    private bool hasJfif;
    private int adobeTransform = -1;
    private JpegFrame? frame;

    private JpegParser(string source)
    {
        this.source = source;
    }

    /// <summary>Decodes the file's frame into sample planes; the caller disposes the result.</summary>
    public static JpegFrame Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarkers.Soi)
        {
            throw new MediaFormatException(source, "not a JPEG file (it does not start with the SOI marker FF D8).");
        }

        var parser = new JpegParser(source);
        try
        {
            parser.ReadSegments(data);
            return parser.frame!;
        }
        catch
        {
            parser.frame?.Dispose();
            throw;
        }
    }

    private void ReadSegments(ReadOnlySpan<byte> data)
    {
        var position = 2;
        while (true)
        {
            var markerAt = position;
            var marker = JpegSegmentReader.NextMarker(data, ref position);
            switch (marker)
            {
                case < 0:
                    throw frame is null
                        ? JpegErrors.Truncated(source, $"before any image data")
                        : JpegErrors.Truncated(source, $"(no end-of-image marker)");
                case JpegMarkers.Eoi:
                    Finish();
                    return;
                case JpegMarkers.Soi:
                    throw JpegErrors.Corrupt(source, $"a second start-of-image marker at byte {markerAt}");
                case >= JpegMarkers.Rst0 and <= JpegMarkers.Rst7:
                case 0x01:
                    // Stand-alone markers outside a scan carry nothing (libjpeg ignores stray RSTn too).
                    break;
                case JpegMarkers.Sof0 or JpegMarkers.Sof1 or JpegMarkers.Sof2:
                    ReadFrame(Segment(data, ref position, marker), marker == JpegMarkers.Sof2);
                    break;
                case JpegMarkers.Sof3:
                    throw JpegErrors.Unsupported(source, $"lossless JPEG (SOF3)");
                case 0xC5 or 0xC6 or 0xC7:
                    throw JpegErrors.Unsupported(source, $"hierarchical JPEG (SOF{marker - 0xC0})");
                case 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF or JpegMarkers.Dac:
                    throw JpegErrors.Unsupported(source, $"arithmetic-coded JPEG (marker 0xFF{marker:X2})");
                case JpegMarkers.Dht:
                    ReadHuffmanTables(Segment(data, ref position, marker));
                    break;
                case JpegMarkers.Dqt:
                    ReadQuantTables(Segment(data, ref position, marker));
                    break;
                case JpegMarkers.Dri:
                    ReadRestartInterval(Segment(data, ref position, marker));
                    break;
                case JpegMarkers.Sos:
                    position = ReadScan(data, Segment(data, ref position, marker), position);
                    break;
                case JpegMarkers.App0:
                    hasJfif |= Segment(data, ref position, marker).StartsWith("JFIF\0"u8);
                    break;
                case JpegMarkers.App14:
                    ReadAdobe(Segment(data, ref position, marker));
                    break;
                default:
                    // APPn, COM, DNL and reserved segments: skipped by their length.
                    Segment(data, ref position, marker);
                    break;
            }
        }
    }

    private ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int position, int marker)
    {
        if (data.Length - position < 2)
        {
            throw JpegErrors.Truncated(source, $"in the length of segment 0xFF{marker:X2} at byte {position - 2}");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        if (length < 2)
        {
            throw JpegErrors.Corrupt(source, $"segment 0xFF{marker:X2} at byte {position - 2} has an invalid length {length}");
        }

        if (data.Length - position < length)
        {
            throw JpegErrors.Truncated(source, $"inside segment 0xFF{marker:X2} at byte {position - 2} ({length} bytes declared, {data.Length - position} left)");
        }

        var body = data.Slice(position + 2, length - 2);
        position += length;
        return body;
    }

    private void ReadFrame(ReadOnlySpan<byte> body, bool progressive)
    {
        if (frame is not null)
        {
            throw JpegErrors.Unsupported(source, $"a file with more than one frame");
        }

        if (body.Length < 6)
        {
            throw JpegErrors.Corrupt(source, $"the frame header is {body.Length + 2} bytes long, too short");
        }

        int precision = body[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        int count = body[5];
        if (precision != 8)
        {
            throw precision == 12
                ? JpegErrors.Unsupported(source, $"12-bit JPEG")
                : JpegErrors.Corrupt(source, $"the frame header gives a sample precision of {precision} bits");
        }

        if (height == 0)
        {
            throw JpegErrors.Unsupported(source, $"a JPEG whose height is only given after the first scan (DNL marker)");
        }

        if (width == 0)
        {
            throw JpegErrors.Corrupt(source, $"the frame header gives a width of 0");
        }

        if (count is 2 or 4)
        {
            throw count == 4
                ? JpegErrors.Unsupported(source, $"a 4-component (CMYK or YCCK) JPEG")
                : JpegErrors.Unsupported(source, $"a 2-component JPEG");
        }

        if (count is not (1 or 3))
        {
            throw JpegErrors.Corrupt(source, $"the frame header gives {count} components");
        }

        if (body.Length < 6 + (3 * count))
        {
            throw JpegErrors.Corrupt(source, $"the frame header is too short for {count} components");
        }

        if ((long)width * height * count > Array.MaxLength)
        {
            throw new MediaFormatException(source, $"the image is {width}x{height}, too large to decode into memory; scale it down with ffmpeg -vf scale first.");
        }

        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var entry = body.Slice(6 + (3 * i), 3);
            int h = entry[1] >> 4;
            int v = entry[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4 || entry[2] > 3)
            {
                throw JpegErrors.Corrupt(source, $"component {entry[0]} has sampling factors {h}x{v} or quantisation table {entry[2]} out of range");
            }

            for (var j = 0; j < i; j++)
            {
                if (components[j].Id == entry[0])
                {
                    throw JpegErrors.Corrupt(source, $"component id {entry[0]} appears twice in the frame header");
                }
            }

            components[i] = new JpegComponent(entry[0], h, v, entry[2]);
        }

        frame = new JpegFrame(width, height, progressive, components);
        frame.Allocate();
    }

    private void ReadHuffmanTables(ReadOnlySpan<byte> body)
    {
        while (body.Length > 0)
        {
            if (body.Length < 17)
            {
                throw JpegErrors.Corrupt(source, $"a Huffman table definition is cut short");
            }

            int tableClass = body[0] >> 4;
            int id = body[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw JpegErrors.Corrupt(source, $"a Huffman table has class {tableClass} and id {id} (0–1 and 0–3 allowed)");
            }

            var counts = body.Slice(1, 16);
            var total = 0;
            foreach (var n in counts)
            {
                total += n;
            }

            if (total > 256 || body.Length < 17 + total)
            {
                throw JpegErrors.Corrupt(source, $"a Huffman table declares {total} symbols but the segment holds {body.Length - 17}");
            }

            var table = JpegHuffmanTable.TryCreate(counts, body.Slice(17, total))
                ?? throw JpegErrors.Corrupt(source, $"Huffman table {id} has more codes than its code lengths allow");
            (tableClass == 0 ? dcTables : acTables)[id] = table;
            body = body[(17 + total)..];
        }
    }

    private void ReadQuantTables(ReadOnlySpan<byte> body)
    {
        while (body.Length > 0)
        {
            int precision = body[0] >> 4;
            int id = body[0] & 15;
            if (precision > 1 || id > 3)
            {
                throw JpegErrors.Corrupt(source, $"a quantisation table has precision {precision} and id {id} (0–1 and 0–3 allowed)");
            }

            var size = precision == 0 ? 64 : 128;
            if (body.Length < 1 + size)
            {
                throw JpegErrors.Corrupt(source, $"quantisation table {id} is cut short");
            }

            var table = new ushort[64];
            for (var k = 0; k < 64; k++)
            {
                table[k] = precision == 0 ? body[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(body[(1 + (2 * k))..]);
            }

            quantTables[id] = table;
            body = body[(1 + size)..];
        }
    }

    private void ReadRestartInterval(ReadOnlySpan<byte> body)
    {
        if (body.Length < 2)
        {
            throw JpegErrors.Corrupt(source, $"the restart-interval segment is too short");
        }

        restartInterval = BinaryPrimitives.ReadUInt16BigEndian(body);
    }

    private void ReadAdobe(ReadOnlySpan<byte> body)
    {
        // "Adobe", version (2), flags0 (2), flags1 (2), transform (1).
        if (body.Length >= 12 && body.StartsWith("Adobe"u8))
        {
            adobeTransform = body[11];
        }
    }

    /// <summary>Reads a scan header and decodes the scan data after it; returns where the next marker search starts.</summary>
    private int ReadScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> body, int dataStart)
    {
        if (frame is null)
        {
            throw JpegErrors.Corrupt(source, $"a scan comes before the frame header");
        }

        int count = body.Length > 0 ? body[0] : 0;
        if (count is < 1 or > 4 || body.Length < 4 + (2 * count))
        {
            throw JpegErrors.Corrupt(source, $"the scan header is malformed ({count} components in {body.Length + 2} bytes)");
        }

        var tail = body[(1 + (2 * count))..];
        var scan = new JpegScanHeader(tail[0], tail[1], tail[2] >> 4, tail[2] & 15);
        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            int id = body[1 + (2 * i)];
            var c = Array.Find(frame.Components, c => c.Id == id)
                ?? throw JpegErrors.Corrupt(source, $"a scan refers to component {id}, which the frame does not have");
            if (Array.IndexOf(components, c) >= 0)
            {
                throw JpegErrors.Corrupt(source, $"a scan lists component {id} twice");
            }

            int selectors = body[2 + (2 * i)];
            if ((selectors >> 4) > 3 || (selectors & 15) > 3)
            {
                throw JpegErrors.Corrupt(source, $"component {id} selects Huffman table {selectors >> 4}/{selectors & 15} (0–3 allowed)");
            }

            c.DcTable = dcTables[selectors >> 4];
            c.AcTable = acTables[selectors & 15];

            components[i] = c;
        }

        ValidateScan(components, scan);
        foreach (var c in components)
        {
            c.Quant ??= (ushort[]?)quantTables[c.QuantTableId]?.Clone()
                ?? throw JpegErrors.Corrupt(source, $"component {c.Id} uses quantisation table {c.QuantTableId}, which is not defined");
            c.DcPredictor = 0;
            c.Scanned = true;
        }

        var reader = new JpegBitReader(data, dataStart, source);
        if (frame.Progressive)
        {
            JpegScanDecoder.DecodeProgressive(ref reader, frame, components, scan, restartInterval, source);
        }
        else
        {
            JpegScanDecoder.DecodeSequential(ref reader, frame, components, restartInterval, source);
        }

        return reader.Position;
    }

    private void ValidateScan(JpegComponent[] components, JpegScanHeader scan)
    {
        if (components.Length > 1)
        {
            var blocks = 0;
            foreach (var c in components)
            {
                blocks += c.Horizontal * c.Vertical;
            }

            if (blocks > 10)
            {
                throw JpegErrors.Corrupt(source, $"an interleaved scan has {blocks} blocks per MCU (at most 10 allowed)");
            }
        }

        var needDc = true;
        var needAc = true;
        if (frame!.Progressive)
        {
            var dcScan = scan.SpectralStart == 0;
            if ((dcScan && scan.SpectralEnd != 0)
                || (!dcScan && (scan.SpectralEnd < scan.SpectralStart || scan.SpectralEnd > 63 || components.Length != 1))
                || scan.ApproximationLow > 13)
            {
                throw JpegErrors.Corrupt(source, $"invalid progressive scan parameters (Ss={scan.SpectralStart}, Se={scan.SpectralEnd}, Ah={scan.ApproximationHigh}, Al={scan.ApproximationLow}, {components.Length} components)");
            }

            needDc = dcScan && scan.ApproximationHigh == 0;
            needAc = !dcScan;
        }

        foreach (var c in components)
        {
            if ((needDc && c.DcTable is null) || (needAc && c.AcTable is null))
            {
                throw JpegErrors.Corrupt(source, $"a scan of component {c.Id} uses a Huffman table that is not defined");
            }
        }
    }

    private void Finish()
    {
        if (frame is null)
        {
            throw JpegErrors.Corrupt(source, $"the file has no frame header (no image)");
        }

        foreach (var c in frame.Components)
        {
            if (!c.Scanned)
            {
                throw JpegErrors.Corrupt(source, $"component {c.Id} has no image data (the file ends before its scan)");
            }
        }

        if (frame.Progressive)
        {
            JpegScanDecoder.FinishProgressive(frame);
        }

        frame.HasJfif = hasJfif;
        frame.AdobeTransform = adobeTransform;
    }
}
