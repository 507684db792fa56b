using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Media.Jpeg;

/// <summary>
/// JFIF full-range YCbCr → RGB (R = Y + 1.402 (Cr−128), G = Y − 0.344136 (Cb−128) − 0.714136 (Cr−128),
/// B = Y + 1.772 (Cb−128)), rounded half up and clamped. The products are 16-bit fixed point, which rounds like the
/// exact formula except on a handful of near-ties (see the reference test). On x86 sixteen pixels at a time go
/// through the same integer arithmetic in vectors, so results do not depend on the path taken.
/// </summary>
internal static class JpegColorConverter
{
    private const int FractionBits = 16;
    private const int Half = 1 << (FractionBits - 1);
    private const int CrToR = 91881;
    private const int CbToB = 116130;
    private const int CbToG = -22554;
    private const int CrToG = -46802;

    // pshufb masks that interleave 16 R, G and B bytes into 48 RGB bytes: entry t of chunk j takes pixel (16j + t) / 3
    // from the channel (16j + t) % 3 and 0x80 (zero) elsewhere.
    private static readonly Vector128<byte>[] InterleaveMasks = CreateInterleaveMasks();

    private static readonly int[] RedFromCr = Table(CrToR, Half);
    private static readonly int[] BlueFromCb = Table(CbToB, Half);
    private static readonly int[] GreenFromCb = Table(CbToG, 0);
    private static readonly int[] GreenFromCr = Table(CrToG, Half);

    /// <summary>Converts one row of <paramref name="width"/> pixels to interleaved RGB.</summary>
    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        rgb = rgb[..(3 * width)];
        var x = Ssse3.IsSupported && Avx2.IsSupported ? ConvertVectorized(y, cb, cr, rgb) : 0;
        var redFromCr = RedFromCr;
        var blueFromCb = BlueFromCb;
        var greenFromCb = GreenFromCb;
        var greenFromCr = GreenFromCr;
        for (; x < width; x++)
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

    // Sixteen pixels per step; returns how many pixels were converted.
    private static int ConvertVectorized(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        var masks = InterleaveMasks;
        var mR0 = masks[0];
        var mG0 = masks[1];
        var mB0 = masks[2];
        var mR1 = masks[3];
        var mG1 = masks[4];
        var mB1 = masks[5];
        var mR2 = masks[6];
        var mG2 = masks[7];
        var mB2 = masks[8];
        var x = 0;
        for (; x + 16 <= y.Length; x += 16)
        {
            var luma = Vector256.WidenLower(Vector128.Create(y.Slice(x, 16)).ToVector256Unsafe()).AsInt16();
            var blue = Vector256.WidenLower(Vector128.Create(cb.Slice(x, 16)).ToVector256Unsafe()).AsInt16() - Vector256.Create((short)128);
            var red = Vector256.WidenLower(Vector128.Create(cr.Slice(x, 16)).ToVector256Unsafe()).AsInt16() - Vector256.Create((short)128);
            var lower = Half8(luma, blue, red, lower: true);
            var upper = Half8(luma, blue, red, lower: false);
            var rBytes = ToBytes(lower.R, upper.R);
            var gBytes = ToBytes(lower.G, upper.G);
            var bBytes = ToBytes(lower.B, upper.B);
            var destination = rgb.Slice(3 * x, 48);
            (Ssse3.Shuffle(rBytes, mR0) | Ssse3.Shuffle(gBytes, mG0) | Ssse3.Shuffle(bBytes, mB0)).CopyTo(destination);
            (Ssse3.Shuffle(rBytes, mR1) | Ssse3.Shuffle(gBytes, mG1) | Ssse3.Shuffle(bBytes, mB1)).CopyTo(destination[16..]);
            (Ssse3.Shuffle(rBytes, mR2) | Ssse3.Shuffle(gBytes, mG2) | Ssse3.Shuffle(bBytes, mB2)).CopyTo(destination[32..]);
        }

        return x;
    }

    // R, G, B of eight pixels (the lower or upper half of sixteen) as clamped 32-bit lanes.
    private static (Vector256<int> R, Vector256<int> G, Vector256<int> B) Half8(Vector256<short> luma, Vector256<short> blue, Vector256<short> red, bool lower)
    {
        var l = lower ? Vector256.WidenLower(luma) : Vector256.WidenUpper(luma);
        var b = lower ? Vector256.WidenLower(blue) : Vector256.WidenUpper(blue);
        var r = lower ? Vector256.WidenLower(red) : Vector256.WidenUpper(red);
        var half = Vector256.Create(Half);
        var outR = l + Vector256.ShiftRightArithmetic((r * CrToR) + half, FractionBits);
        var outG = l + Vector256.ShiftRightArithmetic((b * CbToG) + (r * CrToG) + half, FractionBits);
        var outB = l + Vector256.ShiftRightArithmetic((b * CbToB) + half, FractionBits);
        var zero = Vector256<int>.Zero;
        var max = Vector256.Create(255);
        return (Vector256.Min(Vector256.Max(outR, zero), max), Vector256.Min(Vector256.Max(outG, zero), max), Vector256.Min(Vector256.Max(outB, zero), max));
    }

    // Sixteen clamped 32-bit lanes (lower eight, upper eight) to bytes.
    private static Vector128<byte> ToBytes(Vector256<int> lower, Vector256<int> upper)
    {
        var words = Vector256.Narrow(lower, upper).AsUInt16();
        return Vector128.Narrow(words.GetLower(), words.GetUpper());
    }

    private static Vector128<byte>[] CreateInterleaveMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> entries = stackalloc byte[16];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            for (var channel = 0; channel < 3; channel++)
            {
                for (var t = 0; t < 16; t++)
                {
                    var index = (16 * chunk) + t;
                    entries[t] = index % 3 == channel ? (byte)(index / 3) : (byte)0x80;
                }

                masks[(3 * chunk) + channel] = Vector128.Create<byte>(entries);
            }
        }

        return masks;
    }

    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;

    // Products coefficient·(i−128) with the coefficient in 16-bit fixed point (1.402·2¹⁶ = 91881.5 → 91881 and so on),
    // with the rounding half added where a table ends a sum.
    private static int[] Table(int scaled, int bias)
    {
        var table = new int[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = (scaled * (i - 128)) + bias;
        }

        return table;
    }
}
