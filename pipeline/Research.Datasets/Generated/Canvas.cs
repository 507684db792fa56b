using Research.Media.Imaging;

namespace Research.Datasets.Generated;

/// <summary>
/// A float RGB raster with anti-aliased ellipse fills. Coverage is analytic: the signed distance to the
/// ellipse edge is approximated to first order (implicit value over gradient length) and mapped to a
/// one-pixel ramp, which is exact enough for cartoon shapes and much cheaper than supersampling.
/// </summary>
internal sealed class Canvas
{
    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        Data = new float[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved RGB, 0–255 scale.</summary>
    public float[] Data { get; }

    public void CopyFrom(Canvas other) => other.Data.AsSpan().CopyTo(Data);

    /// <summary>Blends a colour into one pixel with the given coverage.</summary>
    public void Blend(int x, int y, Rgb colour, float alpha)
    {
        if (alpha <= 0)
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        Data[i] += (colour.R - Data[i]) * alpha;
        Data[i + 1] += (colour.G - Data[i + 1]) * alpha;
        Data[i + 2] += (colour.B - Data[i + 2]) * alpha;
    }

    /// <summary>
    /// Fills an axis-aligned ellipse, shading vertically from <paramref name="top"/> to <paramref name="bottom"/>;
    /// with <paramref name="clipBelow"/> only the part above that y is drawn (anti-aliased), e.g. for teeth.
    /// </summary>
    public void FillEllipse(double cx, double cy, double rx, double ry, Rgb top, Rgb bottom, float opacity = 1, double clipBelow = double.PositiveInfinity)
    {
        if (rx <= 0 || ry <= 0)
        {
            return;
        }

        var x0 = Math.Max(0, (int)Math.Floor(cx - rx - 1));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + rx + 1));
        var y0 = Math.Max(0, (int)Math.Floor(cy - ry - 1));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + ry + 1));
        for (var y = y0; y <= y1; y++)
        {
            var py = y + 0.5;
            var ny = (py - cy) / ry;
            var clip = Math.Clamp(clipBelow - py + 0.5, 0, 1);
            if (clip <= 0)
            {
                continue;
            }

            var colour = top.Lerp(bottom, Math.Clamp((ny + 1) / 2, 0, 1));
            var alpha = (float)(clip * opacity);

            // Pixels well inside (within the ellipse shrunk by 1.5 px) are fully covered; only the rim needs the
            // distance estimate. Big shapes at 512 px are mostly interior, so this keeps rendering cheap.
            var innerHalfWidth = InnerHalfWidth(py - cy, rx, ry);
            for (var x = x0; x <= x1; x++)
            {
                var px = x + 0.5;
                if (Math.Abs(px - cx) < innerHalfWidth)
                {
                    Blend(x, y, colour, alpha);
                    continue;
                }

                var coverage = EllipseCoverage((px - cx) / rx, ny, rx, ry);
                Blend(x, y, colour, (float)(coverage * alpha));
            }
        }
    }

    /// <summary>Fills an axis-aligned rectangle with anti-aliased edges.</summary>
    public void FillRectangle(double left, double top, double right, double bottom, Rgb colour, float opacity = 1)
    {
        var x0 = Math.Max(0, (int)Math.Floor(left));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(right));
        var y0 = Math.Max(0, (int)Math.Floor(top));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(bottom));
        for (var y = y0; y <= y1; y++)
        {
            var cy = Overlap(y, top, bottom);
            for (var x = x0; x <= x1; x++)
            {
                Blend(x, y, colour, (float)(cy * Overlap(x, left, right) * opacity));
            }
        }
    }

    /// <summary>Rounds to 8-bit RGB.</summary>
    public ByteImage ToByteImage()
    {
        var pixels = new byte[Data.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp((int)(Data[i] + 0.5f), 0, 255);
        }

        return new ByteImage(Width, Height, 3, pixels);
    }

    // Fraction of pixel [p, p+1) inside [a, b].
    private static double Overlap(int p, double a, double b) => Math.Clamp(Math.Min(p + 1, b) - Math.Max(p, a), 0, 1);

    // Half-width at height dy of the ellipse with both radii reduced by 1.5 px; 0 (no fast path) for small shapes.
    private static double InnerHalfWidth(double dy, double rx, double ry)
    {
        const double Margin = 1.5;
        if (Math.Min(rx, ry) < 8 * Margin)
        {
            return 0;
        }

        var t = dy / (ry - Margin);
        return t * t < 1 ? (rx - Margin) * Math.Sqrt(1 - (t * t)) : 0;
    }

    private static double EllipseCoverage(double nx, double ny, double rx, double ry)
    {
        var r2 = (nx * nx) + (ny * ny);
        if (r2 < 0.25 && Math.Min(rx, ry) >= 2)
        {
            return 1; // deep inside; skips the sqrt
        }

        var r = Math.Sqrt(r2);
        var gx = nx / rx;
        var gy = ny / ry;
        var gradient = Math.Sqrt((gx * gx) + (gy * gy));
        if (gradient == 0)
        {
            return 1; // exact centre of the ellipse
        }

        // d(r)/d(pixel) = |(nx/rx, ny/ry)| / r, so the distance in pixels is (r − 1) · r / |(nx/rx, ny/ry)|.
        var distance = (r - 1) * r / gradient;
        return Math.Clamp(0.5 - distance, 0, 1);
    }
}
