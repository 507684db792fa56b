using System.Buffers;

namespace Research.Media.Jpeg;

/// <summary>
/// A decoded frame before colour conversion: geometry, components with their sample planes, and the colour-space hints
/// from APP segments. Disposing returns the rented planes.
/// </summary>
internal sealed class JpegFrame : IDisposable
{
    public JpegFrame(int width, int height, bool progressive, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        Progressive = progressive;
        Components = components;
        foreach (var c in components)
        {
            MaxHorizontal = Math.Max(MaxHorizontal, c.Horizontal);
            MaxVertical = Math.Max(MaxVertical, c.Vertical);
        }

        McusPerLine = (width + (8 * MaxHorizontal) - 1) / (8 * MaxHorizontal);
        McusPerColumn = (height + (8 * MaxVertical) - 1) / (8 * MaxVertical);
        foreach (var c in components)
        {
            c.Layout(width, height, MaxHorizontal, MaxVertical, McusPerLine, McusPerColumn);
        }
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>True for SOF2 frames, whose coefficients build up over several scans.</summary>
    public bool Progressive { get; }

    /// <summary>Components in frame-header order.</summary>
    public JpegComponent[] Components { get; }

    /// <summary>Largest horizontal sampling factor.</summary>
    public int MaxHorizontal { get; }

    /// <summary>Largest vertical sampling factor.</summary>
    public int MaxVertical { get; }

    /// <summary>MCUs per row of an interleaved scan.</summary>
    public int McusPerLine { get; }

    /// <summary>MCU rows of an interleaved scan.</summary>
    public int McusPerColumn { get; }

    /// <summary>True once a JFIF APP0 segment was seen (its colour space is YCbCr).</summary>
    public bool HasJfif { get; set; }

    /// <summary>The Adobe APP14 transform flag (0 none/RGB, 1 YCbCr, 2 YCCK), or -1 without that segment.</summary>
    public int AdobeTransform { get; set; } = -1;

    /// <summary>Rents zeroed planes (and coefficient stores for progressive frames).</summary>
    public void Allocate()
    {
        foreach (var c in Components)
        {
            var blocks = c.BlocksPerLine * c.BlocksPerColumn;
            c.Plane = ArrayPool<byte>.Shared.Rent(blocks * 64);
            if (Progressive)
            {
                c.Coefficients = ArrayPool<short>.Shared.Rent(blocks * 64);
                c.Coefficients.AsSpan(0, blocks * 64).Clear();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in Components)
        {
            if (c.Plane.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(c.Plane);
                c.Plane = [];
            }

            if (c.Coefficients.Length > 0)
            {
                ArrayPool<short>.Shared.Return(c.Coefficients);
                c.Coefficients = [];
            }
        }
    }
}
