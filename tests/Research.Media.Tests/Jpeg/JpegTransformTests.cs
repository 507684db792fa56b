using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// The vectorised IDCT and FDCT against the direct double-precision cosine sums of T.81 A.3.3. Tolerance: the fast
/// transforms are single precision (error about 1e-4), so a rounded result may differ from the rounded reference
/// only when the exact value lies within 0.002 of a rounding tie, and then by 1.
/// </summary>
public sealed class JpegTransformTests
{
    private const double TieMargin = 0.002;

    [Test]
    public void Idct_matches_the_reference_except_on_rounding_ties()
    {
        var random = new Random(1234);
        var block = new float[64];
        var output = new byte[8 * 13];
        var tieMismatches = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            RandomCoefficients(random, block, trial);
            JpegIdct.Transform(block, output, 13);
            var reference = JpegReference.Idct(block);
            for (var i = 0; i < 64; i++)
            {
                var actual = output[((i / 8) * 13) + (i % 8)];
                var expected = JpegReference.ToByte(reference[i]);
                if (actual != expected)
                {
                    Assert.That(JpegReference.NearTie(reference[i], TieMargin) && Math.Abs(actual - expected) == 1, Is.True,
                        $"trial {trial}, sample {i}: fast {actual}, reference {reference[i]:F5}");
                    tieMismatches++;
                }
            }
        }

        Assert.That(tieMismatches, Is.LessThan(3000 * 64 / 1000), "ties should be rare");
    }

    [Test]
    public void Idct_leaves_samples_outside_the_block_alone()
    {
        var block = new float[64];
        block[0] = 80;
        block[9] = -35;
        var output = Enumerable.Repeat((byte)7, 8 * 10).ToArray();

        JpegIdct.Transform(block, output, 10);

        for (var y = 0; y < 8; y++)
        {
            Assert.That(output[(y * 10) + 8], Is.EqualTo(7));
            Assert.That(output[(y * 10) + 9], Is.EqualTo(7));
        }
    }

    [Test]
    public void Dc_only_shortcut_equals_the_exact_flat_block_for_every_dc_value()
    {
        var block = new float[64];
        var output = new byte[64];
        for (var dc = -1100; dc <= 1100; dc++)
        {
            // A DC-only block is flat at F/8 + 128 (the reference sum agrees to rounding error); F/8 is exact here, so
            // the ties at F ≡ 4 (mod 8) must round up.
            block[0] = dc;
            var flat = (dc / 8.0) + 128;
            Assert.That(JpegReference.Idct(block), Is.All.EqualTo(flat).Within(1e-9));

            JpegIdct.TransformDcOnly(dc, output, 8);

            Assert.That(output, Is.All.EqualTo(JpegReference.ToByte(flat)), $"DC {dc}");
        }
    }

    [TestCase(1)]
    [TestCase(50)]
    [TestCase(90)]
    public void Fdct_with_quantisation_matches_the_reference_except_on_rounding_ties(int quality)
    {
        var quant = JpegEncoder.ScaledQuantTable(JpegStandardTables.LuminanceQuant, quality);
        var reciprocals = quant.Select(q => 1f / q).ToArray();
        var random = new Random(quality);
        var samples = new float[64];
        var coefficients = new int[64];
        for (var trial = 0; trial < 2000; trial++)
        {
            // Mix smooth ramps and noise so both low and high frequencies are exercised.
            var slope = random.Next(-12, 13);
            for (var i = 0; i < 64; i++)
            {
                samples[i] = Math.Clamp((slope * ((i % 8) + (i / 8))) + random.Next(-40, 41), -128, 127);
            }

            JpegFdct.TransformAndQuantize(samples, reciprocals, coefficients);
            var reference = JpegReference.Fdct(samples);
            for (var i = 0; i < 64; i++)
            {
                var exact = reference[i] / quant[i];
                var expected = (int)(Math.Sign(exact) * Math.Floor(Math.Abs(exact) + 0.5));
                if (coefficients[i] != expected)
                {
                    Assert.That(JpegReference.NearTie(Math.Abs(exact), TieMargin) && Math.Abs(coefficients[i] - expected) == 1, Is.True,
                        $"trial {trial}, coefficient {i}: fast {coefficients[i]}, reference {exact:F5}");
                }
            }
        }
    }

    [Test]
    public void Fdct_then_idct_at_unit_quantisers_restores_the_samples_within_one()
    {
        var ones = Enumerable.Repeat(1f, 64).ToArray();
        var random = new Random(7);
        var samples = new float[64];
        var coefficients = new int[64];
        var restored = new byte[64];
        for (var trial = 0; trial < 500; trial++)
        {
            for (var i = 0; i < 64; i++)
            {
                samples[i] = random.Next(256) - 128;
            }

            JpegFdct.TransformAndQuantize(samples, ones, coefficients);
            JpegIdct.Transform(coefficients.Select(c => (float)c).ToArray(), restored, 8);

            for (var i = 0; i < 64; i++)
            {
                Assert.That(restored[i], Is.EqualTo(samples[i] + 128).Within(1));
            }
        }
    }

    // Coefficient magnitudes like dequantised JPEG data: large DC, AC shrinking with frequency, mostly zeros, plus
    // some blocks driven far out of range so clamping is exercised.
    private static void RandomCoefficients(Random random, float[] block, int trial)
    {
        Array.Clear(block);
        var scale = trial % 10 == 0 ? 8.0 : 1.0;
        block[0] = (float)Math.Round(random.Next(-1024, 1017) * (trial % 10 == 0 ? 2 : 1) * 1.0);
        var count = random.Next(0, 64);
        for (var n = 0; n < count; n++)
        {
            var i = random.Next(1, 64);
            var frequency = (i / 8) + (i % 8);
            block[i] = (float)Math.Round(random.Next(-400, 401) * scale / (1 + frequency));
        }
    }
}
