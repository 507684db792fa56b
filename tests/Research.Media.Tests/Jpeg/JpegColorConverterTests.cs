using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// Fixed-point YCbCr → RGB against the JFIF formula in doubles over all 2²⁴ inputs. Tolerance: the 16-bit fixed
/// point products are off by at most 128 · 2⁻¹⁷ ≈ 0.001, so a channel may differ from the rounded formula only when
/// the exact value lies within 0.002 of a rounding tie, and then by 1.
/// </summary>
public sealed class JpegColorConverterTests
{
    [Test]
    public void Every_input_matches_the_formula_except_on_rounding_ties()
    {
        var y = new byte[256];
        var cb = new byte[256];
        var cr = new byte[256];
        var rgb = new byte[768];
        for (var i = 0; i < 256; i++)
        {
            y[i] = (byte)i;
        }

        var mismatches = 0;
        for (var b = 0; b < 256; b++)
        {
            for (var r = 0; r < 256; r++)
            {
                Array.Fill(cb, (byte)b);
                Array.Fill(cr, (byte)r);
                JpegColorConverter.YCbCrToRgb(y, cb, cr, rgb, 256);
                for (var l = 0; l < 256; l++)
                {
                    var (er, eg, eb) = JpegReference.YCbCrToRgb(l, b, r);
                    mismatches += Check(rgb[3 * l], er, l, b, r, "R");
                    mismatches += Check(rgb[(3 * l) + 1], eg, l, b, r, "G");
                    mismatches += Check(rgb[(3 * l) + 2], eb, l, b, r, "B");
                }
            }
        }

        // Measured: 14,695 of 50.3 million channel values (0.03 %) land on the other side of a tie.
        Assert.That(mismatches, Is.LessThan(3 * (1 << 24) / 1000), "ties should be rare");
    }

    [Test]
    public void Wide_rows_and_single_pixels_convert_identically()
    {
        // Rows of 16+ pixels take the vector path on x86, single pixels the scalar one: results must be identical.
        var random = new Random(3);
        var y = new byte[1000];
        var cb = new byte[1000];
        var cr = new byte[1000];
        random.NextBytes(y);
        random.NextBytes(cb);
        random.NextBytes(cr);
        var row = new byte[3000];
        var single = new byte[3];

        JpegColorConverter.YCbCrToRgb(y, cb, cr, row, 1000);

        for (var x = 0; x < 1000; x++)
        {
            JpegColorConverter.YCbCrToRgb(y.AsSpan(x, 1), cb.AsSpan(x, 1), cr.AsSpan(x, 1), single, 1);
            Assert.That(row.AsSpan(3 * x, 3).ToArray(), Is.EqualTo(single), $"pixel {x}");
        }
    }

    [Test]
    public void Only_the_requested_width_is_written()
    {
        byte[] y = [10, 200, 90];
        byte[] cb = [128, 128, 128];
        byte[] cr = [128, 128, 128];
        var rgb = Enumerable.Repeat((byte)1, 9).ToArray();

        JpegColorConverter.YCbCrToRgb(y, cb, cr, rgb, 2);

        Assert.That(rgb, Is.EqualTo(new byte[] { 10, 10, 10, 200, 200, 200, 1, 1, 1 }));
    }

    [Test]
    public void Interleave_places_planes_in_rgb_order()
    {
        var rgb = new byte[6];

        JpegColorConverter.Interleave([1, 2], [3, 4], [5, 6], rgb, 2);

        Assert.That(rgb, Is.EqualTo(new byte[] { 1, 3, 5, 2, 4, 6 }));
    }

    private static int Check(byte actual, double exact, int y, int cb, int cr, string channel)
    {
        var expected = JpegReference.ToByte(exact);
        if (actual == expected)
        {
            return 0;
        }

        Assert.That(JpegReference.NearTie(exact, 0.002) && Math.Abs(actual - expected) == 1, Is.True,
            $"Y={y} Cb={cb} Cr={cr} {channel}: converter {actual}, formula {exact:F5}");
        return 1;
    }
}
