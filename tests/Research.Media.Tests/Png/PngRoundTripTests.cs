using System.IO.Compression;
using NUnit.Framework;
using Research.Media.Imaging;
using Research.Media.Png;

namespace Research.Media.Tests.Png;

public sealed class PngRoundTripTests
{
    private static readonly (int Width, int Height)[] Sizes = [(1, 1), (3, 7), (17, 5)];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var strategy in Enum.GetValues<PngFilterStrategy>())
        {
            for (var channels = 1; channels <= 4; channels++)
            {
                foreach (var (w, h) in Sizes)
                {
                    yield return new TestCaseData(strategy, channels, w, h).SetArgDisplayNames($"{strategy}", $"{channels}ch", $"{w}x{h}");
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Random_pixels_survive_encode_and_decode(PngFilterStrategy strategy, int channels, int width, int height)
    {
        var image = PngTestImages.Noise(width, height, channels, seed: (width * 31) + (height * 7) + channels);

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image, new PngEncoderOptions { Filter = strategy }));

        AssertSame(decoded, image);
    }

    [TestCase(PngFilterStrategy.Adaptive, CompressionLevel.NoCompression)]
    [TestCase(PngFilterStrategy.Adaptive, CompressionLevel.SmallestSize)]
    [TestCase(PngFilterStrategy.Paeth, CompressionLevel.Optimal)]
    public void Smooth_image_survives_every_compression_level(PngFilterStrategy strategy, CompressionLevel level)
    {
        var image = PngTestImages.Smooth(64, 33, 3);

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image, new PngEncoderOptions { Filter = strategy, CompressionLevel = level }));

        AssertSame(decoded, image);
    }

    [Test]
    public void Image_larger_than_one_idat_chunk_round_trips()
    {
        // Noise does not compress, so this spans several 64 KiB IDAT chunks.
        var image = PngTestImages.Noise(256, 200, 4, seed: 5);

        var bytes = PngEncoder.Encode(image, new PngEncoderOptions { CompressionLevel = CompressionLevel.NoCompression });

        Assert.That(bytes, Has.Length.GreaterThan(2 * 64 * 1024));
        AssertSame(PngDecoder.Decode(bytes), image);
    }

    [Test]
    public void Encoding_is_deterministic_and_adaptive_beats_no_filter_on_smooth_frames()
    {
        var image = PngTestImages.Smooth(128, 96, 3);

        var first = PngEncoder.Encode(image);
        var second = PngEncoder.Encode(image);
        var unfiltered = PngEncoder.Encode(image, new PngEncoderOptions { Filter = PngFilterStrategy.None });

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Has.Length.LessThan(unfiltered.Length));
    }

    [Test]
    public void Stream_overloads_round_trip()
    {
        var image = PngTestImages.Noise(9, 4, 2, seed: 11);
        using var stream = new MemoryStream();

        PngEncoder.Encode(image, stream);
        stream.Position = 0;
        var decoded = PngDecoder.Decode(stream, "memory");

        AssertSame(decoded, image);
    }

    [Test]
    public void Undefined_filter_strategy_is_rejected()
    {
        var image = new ByteImage(1, 1, 1);

        Assert.That(
            () => PngEncoder.Encode(image, new PngEncoderOptions { Filter = (PngFilterStrategy)9 }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    internal static void AssertSame(ByteImage actual, ByteImage expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Width, Is.EqualTo(expected.Width));
            Assert.That(actual.Height, Is.EqualTo(expected.Height));
            Assert.That(actual.Channels, Is.EqualTo(expected.Channels));
        }

        Assert.That(actual.Pixels, Is.EqualTo(expected.Pixels));
    }
}
