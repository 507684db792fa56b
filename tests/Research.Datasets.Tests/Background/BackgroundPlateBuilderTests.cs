using NUnit.Framework;
using Research.Datasets.Background;
using Research.Datasets.ErNerf;
using Research.Media.Imaging;

namespace Research.Datasets.Tests.Background;

[TestFixture]
public sealed class BackgroundPlateBuilderTests
{
    private const int Width = 40;
    private const int Height = 6;

    // Sampled frames 0 and 20 (of 21). The person fills whole columns, so distances are horizontal:
    // frame 0: columns 0–3 and 18–21; frame 20: columns 18–21 and 36–39; every other frame: the whole image.
    private static bool IsPerson(int frame, int x) => frame switch
    {
        0 => x <= 3 || (x >= 18 && x <= 21),
        20 => (x >= 18 && x <= 21) || x >= 36,
        _ => true,
    };

    private static (byte R, byte G, byte B) Colour(int frame, int x, int y) => ((byte)(frame + 1), (byte)(x * 6), (byte)(y * 40));

    [Test]
    public void KnownPixelsTakeTheFarthestFrame_OthersTheNearestKnownColour()
    {
        var plate = Build(out _, out _);
        var frameOf = new int[Width];

        // Column x: d0 = distance to columns 0–3 / 18–21, d20 = to 18–21 / 36–39; known when max > 5.
        // Columns 0–10: d20 > d0 → frame 20. Columns 11, 12 (7 vs 7, 6 vs 6) and 27, 28: ties → first sample, frame 0.
        // Columns 29–39: d0 > d20 → frame 0. Columns 13–26: max ≤ 5 → unknown, filled from column 12 (13–19) or 27 (20–26).
        Assert.Multiple(() =>
        {
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var expected = x switch
                    {
                        <= 10 => Colour(20, x, y),
                        <= 12 => Colour(0, x, y),
                        <= 19 => Colour(0, 12, y),
                        <= 26 => Colour(0, 27, y),
                        _ => Colour(0, x, y),
                    };
                    if (x == 0 && y == 0)
                    {
                        // The reproduced quirk: pixel (0, 0) comes from the frame farthest for the last known pixel
                        // (39, 5), i.e. frame 0, not from frame 20.
                        expected = Colour(0, 0, 0);
                    }

                    Assert.That(TestImages.At(plate.Image, x, y), Is.EqualTo(expected), $"({x}, {y})");
                }
            }

            Assert.That(plate.Known[12, 0] && plate.Known[27, 0] && !plate.Known[13, 0] && !plate.Known[26, 0], Is.True);
            Assert.That(plate.MaxSquaredDistances[(2 * Width) + 5], Is.EqualTo(13 * 13));
            Assert.That(plate.FarthestFrames[(2 * Width) + 5], Is.EqualTo(20));
            Assert.That(plate.FarthestFrames[(2 * Width) + 11], Is.Zero);
        });
    }

    [Test]
    public void LoadsOnlyTheSampledParsingMapsAndNeededFramesOnce()
    {
        Build(out var parsingLoads, out var frameLoads);

        Assert.Multiple(() =>
        {
            Assert.That(parsingLoads, Is.EqualTo(new[] { 0, 20 }));
            Assert.That(frameLoads, Is.EquivalentTo(new[] { 0, 20 }));
        });
    }

    [Test]
    public void SamplesEveryTwentiethEntryOfTheGivenOrder()
    {
        var lexicographic = BackgroundPlateBuilder.LexicographicOrder(25);

        Assert.Multiple(() =>
        {
            Assert.That(lexicographic.Take(5), Is.EqualTo(new[] { 0, 1, 10, 11, 12 }));
            Assert.That(BackgroundPlateBuilder.SampleFrames(lexicographic), Is.EqualTo(new[] { 0, 5 }));
            Assert.That(BackgroundPlateBuilder.SampleFrames([.. Enumerable.Range(0, 41)]), Is.EqualTo(new[] { 0, 20, 40 }));
        });
    }

    [Test]
    public void FrameWithoutPerson_Throws()
    {
        var white = TestImages.FromClasses(4, 4, (_, _) => ParsingClass.Background);

        Assert.That(
            () => BackgroundPlateBuilder.Build(1, _ => new ByteImage(4, 4, 3), _ => white),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("frame 0"));
    }

    [Test]
    public void MismatchedSizes_Throw()
    {
        var small = TestImages.FromClasses(4, 4, (x, _) => x == 0 ? ParsingClass.Face : ParsingClass.Background);
        var large = TestImages.FromClasses(40, 4, (x, _) => x == 0 ? ParsingClass.Face : ParsingClass.Background);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => BackgroundPlateBuilder.Build(21, _ => new ByteImage(40, 4, 3), f => f == 0 ? large : small),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("frame 20"));
            Assert.That(
                () => BackgroundPlateBuilder.Build(1, _ => new ByteImage(4, 4, 3), _ => large),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Frame 0"));
        });
    }

    private static BackgroundPlate Build(out List<int> parsingLoads, out List<int> frameLoads)
    {
        var parsings = new List<int>();
        var frames = new List<int>();
        var plate = BackgroundPlateBuilder.Build(
            21,
            f =>
            {
                frames.Add(f);
                return TestImages.Image(Width, Height, (x, y) => Colour(f, x, y));
            },
            f =>
            {
                parsings.Add(f);
                return TestImages.FromClasses(Width, Height, (x, _) => IsPerson(f, x) ? ParsingClass.Cloth : ParsingClass.Background);
            });
        (parsingLoads, frameLoads) = (parsings, frames);
        return plate;
    }
}
