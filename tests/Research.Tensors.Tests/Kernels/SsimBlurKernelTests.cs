using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Kernels;

/// <summary>
/// The register-blocked fp32 SSIM blur against its twin, the multiply-add-per-tap blur (and a naive 2-D loop).
/// Tolerance: none against the twin (same operations per pixel, so every bit must match, including ±0 and huge
/// values); 1e-5 relative against the naive double loop.
/// </summary>
public class SsimBlurKernelTests
{
    [TestCase(1, 1)]
    [TestCase(1, 40)]
    [TestCase(3, 17)]
    [TestCase(11, 16)]
    [TestCase(12, 33)]
    [TestCase(40, 7)]
    [TestCase(64, 65)]
    [TestCase(5, 100)]
    public void MatchesTwinBitForBit(int height, int width)
    {
        Assume.That(SsimBlurKernel.IsSupported, "no AVX-512 on this machine");
        var rng = new Rng((ulong)((height * 1000) + width));
        var data = new float[height * width];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        data[0] = -0f;
        if (data.Length > 3)
        {
            data[3] = 3e30f;
        }

        var taps = SsimKernel.Taps().Select(t => (float)t).ToArray();
        var fast = (float[])data.Clone();
        var twin = (float[])data.Clone();
        new SsimKernel.Scratch<float>(height, width).Blur(fast, taps);
        new SsimKernel.Scratch<float>(height, width).BlurReference(twin, taps);
        Assert.That(fast.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(twin.Select(BitConverter.SingleToInt32Bits)).AsCollection);

        var naive = Naive(data, height, width, SsimKernel.Taps());
        for (var i = 0; i < naive.Length; i++)
        {
            Assert.That(fast[i], Is.EqualTo(naive[i]).Within((1e-5 * Math.Abs(naive[i])) + 1e-6), $"pixel {i}");
        }
    }

    private static double[] Naive(float[] data, int height, int width, double[] taps)
    {
        var r = SsimKernel.Radius;
        var output = new double[data.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                    {
                        var (u, v) = (x + dx, y + dy);
                        if (u >= 0 && u < width && v >= 0 && v < height)
                        {
                            sum += taps[dy + r] * taps[dx + r] * data[(v * width) + u];
                        }
                    }
                }

                output[(y * width) + x] = sum;
            }
        }

        return output;
    }
}
