namespace Research.Media.Jpeg;

/// <summary>One colour component of a frame: its sampling, its decoded sample plane and per-scan decoding state.</summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int horizontal, int vertical, int quantTable)
    {
        Id = id;
        Horizontal = horizontal;
        Vertical = vertical;
        QuantTableId = quantTable;
    }

    /// <summary>Component identifier from the frame header (scans select components by it).</summary>
    public int Id { get; }

    /// <summary>Horizontal sampling factor (1–4).</summary>
    public int Horizontal { get; }

    /// <summary>Vertical sampling factor (1–4).</summary>
    public int Vertical { get; }

    /// <summary>Which of the four quantisation tables the component uses.</summary>
    public int QuantTableId { get; }

    /// <summary>Samples per row that carry image content: ceil(image width × H / Hmax).</summary>
    public int Width { get; private set; }

    /// <summary>Rows that carry image content: ceil(image height × V / Vmax).</summary>
    public int Height { get; private set; }

    /// <summary>Blocks per row of the plane, padded to whole MCUs.</summary>
    public int BlocksPerLine { get; private set; }

    /// <summary>Block rows of the plane, padded to whole MCUs.</summary>
    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks per row a non-interleaved scan codes: ceil(<see cref="Width"/> / 8).</summary>
    public int ScanBlocksPerLine => (Width + 7) >> 3;

    /// <summary>Block rows a non-interleaved scan codes: ceil(<see cref="Height"/> / 8).</summary>
    public int ScanBlocksPerColumn => (Height + 7) >> 3;

    /// <summary>Bytes per plane row (<see cref="BlocksPerLine"/> × 8).</summary>
    public int Stride => BlocksPerLine * 8;

    /// <summary>Decoded samples, <see cref="Stride"/> × <see cref="BlocksPerColumn"/>·8 (rented; the frame returns it).</summary>
    public byte[] Plane { get; set; } = [];

    /// <summary>Quantised coefficients of every block in natural order (progressive frames only; rented).</summary>
    public short[] Coefficients { get; set; } = [];

    /// <summary>The quantisation table (zig-zag order) in force when the component was first scanned.</summary>
    public ushort[]? Quant { get; set; }

    /// <summary>True once a scan has coded the component.</summary>
    public bool Scanned { get; set; }

    /// <summary>DC prediction of the current scan.</summary>
    public int DcPredictor { get; set; }

    /// <summary>DC table of the current scan.</summary>
    public JpegHuffmanTable? DcTable { get; set; }

    /// <summary>AC table of the current scan.</summary>
    public JpegHuffmanTable? AcTable { get; set; }

    /// <summary>Sets the geometry from the frame's size, maximum sampling factors and MCU grid.</summary>
    public void Layout(int imageWidth, int imageHeight, int maxH, int maxV, int mcusX, int mcusY)
    {
        Width = (int)(((long)imageWidth * Horizontal + maxH - 1) / maxH);
        Height = (int)(((long)imageHeight * Vertical + maxV - 1) / maxV);
        BlocksPerLine = mcusX * Horizontal;
        BlocksPerColumn = mcusY * Vertical;
    }
}
