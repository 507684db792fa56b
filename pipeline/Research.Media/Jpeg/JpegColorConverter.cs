namespace Research.Media.Jpeg;

/// <summary>
/// JFIF full-range YCbCr → RGB (R = Y + 1.402 (Cr−128), G = Y − 0.344136 (Cb−128) − 0.714136 (Cr−128),
/// B = Y + 1.772 (Cb−128)), rounded half up and clamped. The products come from 16-bit fixed-point tables, which
/// round like the exact formula except on a handful of near-ties (see the reference test).
/// </summary>
internal static class JpegColorConverter
{
    private const int FractionBits = 16;
    private const int Half = 1 << (FractionBits - 1);

    private static readonly int[] RedFromCr = Table(1.402, Half);
    private static readonly int[] BlueFromCb = Table(1.772, Half);
    private static readonly int[] GreenFromCb = Table(-0.344136, 0);
    private static readonly int[] GreenFromCr = Table(-0.714136, Half);

    /// <summary>Converts one row of <paramref name="width"/> pixels to interleaved RGB.</summary>
    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        rgb = rgb[..(3 * width)];
        var redFromCr = RedFromCr;
        var blueFromCb = BlueFromCb;
        var greenFromCb = GreenFromCb;
        var greenFromCr = GreenFromCr;
        for (var x = 0; x < width; x++)
        {
            int luma = y[x];
            int b = cb[x];
            int r = cr[x];
            var o = 3 * x;
            rgb[o] = Clamp(luma + (redFromCr[r] >> FractionBits));
            rgb[o + 1] = Clamp(luma + ((greenFromCb[b] + greenFromCr[r]) >> FractionBits));
            rgb[o + 2] = Clamp(luma + (blueFromCb[b] >> FractionBits));
        }
    }

    /// <summary>Interleaves three planes that already hold R, G and B (Adobe files with transform 0).</summary>
    public static void Interleave(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb, int width)
    {
        r = r[..width];
        g = g[..width];
        b = b[..width];
        rgb = rgb[..(3 * width)];
        for (var x = 0; x < width; x++)
        {
            rgb[3 * x] = r[x];
            rgb[(3 * x) + 1] = g[x];
            rgb[(3 * x) + 2] = b[x];
        }
    }

    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;

    // Scaled products coefficient·(i−128) in fixed point, with the rounding half added where a table ends a sum.
    private static int[] Table(double coefficient, int bias)
    {
        var scaled = (int)Math.Round(coefficient * (1 << FractionBits));
        var table = new int[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = (scaled * (i - 128)) + bias;
        }

        return table;
    }
}
