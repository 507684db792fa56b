using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class ParsingMapsTests
{
    [Test]
    public void Palette_ColourAndClass_RoundTrip()
    {
        foreach (var label in Enum.GetValues<ParsingClass>())
        {
            var (r, g, b) = ParsingPalette.ColorOf(label);
            Assert.That(ParsingPalette.Classify(r, g, b), Is.EqualTo(label));
        }
    }

    [TestCase(ParsingChannelOrder.Rgb)]
    [TestCase(ParsingChannelOrder.Bgr)]
    public void MapWrittenAsPng_ReadsBackAsTheSameLabels(ParsingChannelOrder order)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("0.png");
        PngFile.Write(path, ErNerfFixture.ParsingMap(1, 40, 48, order));

        var rgb = ParsingMaps.Normalise(PngFile.Read(path), order);
        var labels = ParsingMaps.Classify(rgb, 60, path);

        for (var p = 0; p < labels.Length; p++)
        {
            Assert.That(labels[p], Is.EqualTo(ErNerfFixture.ClassAt(p % 40, p / 40, 1, 40, 48)), $"pixel {p}");
        }

        Assert.That(labels.Distinct().Count(), Is.EqualTo(6), "the fixture uses every class");
    }

    [Test]
    public void Classify_MatchesBruteForceNearestPalette()
    {
        // Reference twin: the exact-match fast path plus nearest search must equal a plain nearest-colour search.
        var random = new Random(5);
        var image = new ByteImage(64, 64, 3);
        var palette = Enum.GetValues<ParsingClass>();
        for (var p = 0; p < 64 * 64; p++)
        {
            var (r, g, b) = ParsingPalette.ColorOf(palette[random.Next(palette.Length)]);
            image.Pixels[p * 3] = Jitter(r, random);
            image.Pixels[(p * 3) + 1] = Jitter(g, random);
            image.Pixels[(p * 3) + 2] = Jitter(b, random);
        }

        var labels = ParsingMaps.Classify(image, 60, "test");

        for (var p = 0; p < labels.Length; p++)
        {
            var best = palette.MinBy(c =>
            {
                var (r, g, b) = ParsingPalette.ColorOf(c);
                return Math.Pow(image.Pixels[p * 3] - r, 2) + Math.Pow(image.Pixels[(p * 3) + 1] - g, 2) + Math.Pow(image.Pixels[(p * 3) + 2] - b, 2);
            });
            Assert.That(labels[p], Is.EqualTo(best), $"pixel {p}");
        }
    }

    [Test]
    public void Classify_ZeroTolerance_RejectsAnyOffPaletteColour()
    {
        var image = new ByteImage(2, 1, 3, [0, 0, 255, 0, 0, 254]);
        var e = Assert.Throws<MediaFormatException>(() => ParsingMaps.Classify(image, 0, "map.png"));
        Assert.That(e!.Message, Does.Contain("x=1, y=0"));
    }

    [Test]
    public void Measure_FaceAboveCloth_VotesRgb_SwappedVotesBgr()
    {
        var rgb = ParsingMaps.Measure(ErNerfFixture.ParsingMap(0, 40, 48, ParsingChannelOrder.Rgb), 60);
        var bgr = ParsingMaps.Measure(ErNerfFixture.ParsingMap(0, 40, 48, ParsingChannelOrder.Bgr), 60);

        Assert.That(rgb.Vote, Is.EqualTo(ParsingChannelOrder.Rgb));
        Assert.That(bgr.Vote, Is.EqualTo(ParsingChannelOrder.Bgr));
        Assert.That(ParsingMaps.Decide([rgb, bgr, bgr], out var disagree), Is.EqualTo(ParsingChannelOrder.Bgr));
        Assert.That(disagree, Is.EqualTo(1));
    }

    private static byte Jitter(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-30, 31), 0, 255);
}
