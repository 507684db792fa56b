using NUnit.Framework;
using Research.Datasets.Background;
using Research.Media.Imaging;

namespace Research.Datasets.Tests.Background;

[TestFixture]
public sealed class OpenCvGaussianBlurTests
{
    [Test]
    public void Kernel_IsTheNormalisedGaussian()
    {
        foreach (var (size, sigma) in new[] { (5, 4.0), (7, 1.5), (11, 0.0), (13, -1.0) })
        {
            var s = sigma > 0 ? sigma : (0.3 * (((size - 1) * 0.5) - 1)) + 0.8;
            var raw = Enumerable.Range(0, size).Select(i => Math.Exp(-Math.Pow(i - (size / 2), 2) / (2 * s * s))).ToArray();
            var expected = raw.Select(v => v / raw.Sum()).ToArray();

            Assert.That(OpenCvGaussianBlur.Kernel(size, sigma), Is.EqualTo(expected).Within(1e-14), $"size {size}, sigma {sigma}");
        }
    }

    [Test]
    public void Kernel_SmallSizesWithoutSigmaAreBinomial()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OpenCvGaussianBlur.Kernel(5, 0), Is.EqualTo(new[] { 1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0 }));
            Assert.That(OpenCvGaussianBlur.FixedPointKernel(5, 0), Is.EqualTo(new[] { 16, 64, 96, 64, 16 }));
            Assert.That(OpenCvGaussianBlur.DefaultSigma(11), Is.EqualTo(2.0).Within(1e-15));
        });
    }

    [Test]
    public void FixedPointKernel_OfTheTorsoBlur()
    {
        // sigma 4: taps e^(−4/32), e^(−1/32), 1 normalised = 0.18763, 0.20607, 0.21261; ×256 = 48.03, 52.75, 54.43.
        // Error diffusion: 48 (carry +0.03), round(52.79) = 53, centre = 256 − 2·(48 + 53) = 54.
        Assert.That(OpenCvGaussianBlur.FixedPointKernel(5, 4), Is.EqualTo(new[] { 48, 53, 54, 53, 48 }));
    }

    [Test]
    public void Reflect101_MirrorsWithoutRepeatingTheEdge()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OpenCvGaussianBlur.Reflect101(-1, 5), Is.EqualTo(1));
            Assert.That(OpenCvGaussianBlur.Reflect101(-2, 5), Is.EqualTo(2));
            Assert.That(OpenCvGaussianBlur.Reflect101(5, 5), Is.EqualTo(3));
            Assert.That(OpenCvGaussianBlur.Reflect101(6, 5), Is.EqualTo(2));
            Assert.That(OpenCvGaussianBlur.Reflect101(-2, 2), Is.Zero);
            Assert.That(OpenCvGaussianBlur.Reflect101(3, 2), Is.EqualTo(1));
            Assert.That(OpenCvGaussianBlur.Reflect101(-3, 1), Is.Zero);
        });
    }

    [Test]
    public void SinglePeak_CentreIsTheProductOfTheCentreTaps()
    {
        var pixels = new byte[25];
        pixels[12] = 255;

        var blurred = OpenCvGaussianBlur.Blur(new ByteImage(5, 5, 1, pixels), 5, 4);

        // (54·54·255 + 2¹⁵) >> 16 = 776348 >> 16 = 11.
        Assert.That(blurred.Pixels[12], Is.EqualTo(11));
    }

    [Test]
    public void ConstantImage_IsUnchanged()
    {
        var image = new ByteImage(6, 4, 3, [.. Enumerable.Repeat((byte)201, 72)]);

        Assert.That(OpenCvGaussianBlur.Blur(image, 5, 4).Pixels, Is.All.EqualTo(201));
    }

    [TestCase(9, 7, 3)]
    [TestCase(3, 4, 1)]
    [TestCase(1, 6, 3)]
    [TestCase(6, 1, 2)]
    public void EqualsDirectTwoDimensionalSum(int width, int height, int channels)
    {
        var random = new Random(width * height);
        var pixels = new byte[width * height * channels];
        random.NextBytes(pixels);
        var image = new ByteImage(width, height, channels, pixels);

        var blurred = OpenCvGaussianBlur.Blur(image, 5, 4);

        Assert.That(blurred.Pixels, Is.EqualTo(DirectBlur(image)));
    }

    // The reference twin: a 5x5 window summed directly (not separably), taps 48, 53, 54, 53, 48 per axis (a single tap
    // of 256 across a one-pixel dimension), borders mirrored by hand, rounded half up.
    private static byte[] DirectBlur(ByteImage image)
    {
        int[] taps = [48, 53, 54, 53, 48];
        var (w, h, ch) = (image.Width, image.Height, image.Channels);
        var output = new byte[image.Pixels.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < ch; c++)
                {
                    long sum = 0;
                    for (var j = -2; j <= 2; j++)
                    {
                        for (var i = -2; i <= 2; i++)
                        {
                            var wy = h == 1 ? (j == 0 ? 256 : 0) : taps[j + 2];
                            var wx = w == 1 ? (i == 0 ? 256 : 0) : taps[i + 2];
                            sum += wx * wy * image.Pixels[(((Mirror(y + j, h) * w) + Mirror(x + i, w)) * ch) + c];
                        }
                    }

                    output[(((y * w) + x) * ch) + c] = (byte)Math.Min(255, (sum + 32768) >> 16);
                }
            }
        }

        return output;
    }

    private static int Mirror(int p, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        while (p < 0 || p >= n)
        {
            p = p < 0 ? -p : (2 * n) - 2 - p;
        }

        return p;
    }
}
