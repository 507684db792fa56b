using NUnit.Framework;
using Research.Datasets.Background;
using Research.Datasets.ErNerf;
using Research.Media.Imaging;

namespace Research.Datasets.Tests.Background;

[TestFixture]
public sealed class TorsoImageBuilderTests
{
    private static readonly (byte R, byte G, byte B) Plate = (10, 20, 30);

    private static (byte R, byte G, byte B) FrameColour(int x, int y) => ((byte)(y + 100), (byte)(50 + x), 200);

    [Test]
    public void TorsoInpainting_CopiesTheTopTorsoPixelNineRowsUpWithDarkening()
    {
        // 3 columns x 30 rows. Column 0: all background. Column 1: rows 0–4 background, 5–14 head, 15–29 torso.
        // Column 2: rows 0–9 torso, 10–28 background, 29 head, so its top torso pixel's upper neighbour (row −1)
        // wraps to row 29, which is head.
        var parsing = TestImages.FromClasses(3, 30, (x, y) => (x, y) switch
        {
            (1, < 5) => ParsingClass.Background,
            (1, < 15) => ParsingClass.Face,
            (1, _) => ParsingClass.Cloth,
            (2, < 10) => ParsingClass.Cloth,
            (2, 29) => ParsingClass.Face,
            _ => ParsingClass.Background,
        });

        var result = Build(3, 30, parsing);

        Assert.Multiple(() =>
        {
            for (var y = 0; y < 30; y++)
            {
                Assert.That(Rgba(result.Torso, 0, y), Is.EqualTo((0, 0, 0, 0)), $"column 0, row {y}");

                // Column 1: rows 15 − k for k = 0..8 take trunc(colour(15)·0.98^k); rows 16–29 are torso as is.
                var expected1 = y switch
                {
                    < 7 => (0, 0, 0, 0),
                    <= 15 => Darkened(FrameColour(1, 15), 15 - y),
                    _ => Opaque(FrameColour(1, y)),
                };
                Assert.That(Rgba(result.Torso, 1, y), Is.EqualTo(expected1), $"column 1, row {y}");

                // Column 2: torso rows 0–9, and rows 0, 29, 28, …, 22 inpainted (k = 0..8, wrapping upward).
                var expected2 = y switch
                {
                    0 => Darkened(FrameColour(2, 0), 0),
                    < 10 => Opaque(FrameColour(2, y)),
                    >= 22 => Darkened(FrameColour(2, 0), 30 - y),
                    _ => (0, 0, 0, 0),
                };
                Assert.That(Rgba(result.Torso, 2, y), Is.EqualTo(expected2), $"column 2, row {y}");
            }

            // gt: background pixels come from the plate, everything else (head included) from the frame.
            Assert.That(TestImages.At(result.GroundTruth, 0, 3), Is.EqualTo(Plate));
            Assert.That(TestImages.At(result.GroundTruth, 1, 10), Is.EqualTo(FrameColour(1, 10)));
        });
    }

    [Test]
    public void NeckInpainting_DilatesPushesDownCopies53RowsUpAndBlurs()
    {
        // One column of 100 rows: 0–29 background, 30–59 head, 60–69 neck, 70–99 torso.
        var parsing = TestImages.FromClasses(1, 100, (_, y) => y switch
        {
            < 30 => ParsingClass.Background,
            < 60 => ParsingClass.Face,
            < 70 => ParsingClass.Neck,
            _ => ParsingClass.Cloth,
        });

        var result = Build(1, 100, parsing);

        // The torso's top (row 70) sits under neck, not head: no torso inpainting. The neck dilated by 3 covers rows
        // 57–72 (16 pixels); row 56 above is head, so the source is row 57 + min(16 − 1, 4) = 61, copied to rows 61..9.
        var before = new int[100][];
        for (var y = 0; y < 100; y++)
        {
            var (r, g, b) = y switch
            {
                < 9 => Plate,
                <= 61 => Truncate(FrameColour(0, 61), 61 - y),
                _ => FrameColour(0, y),
            };
            before[y] = [r, g, b];
        }

        Assert.Multiple(() =>
        {
            for (var y = 0; y < 100; y++)
            {
                var expected = y switch
                {
                    < 9 => (0, 0, 0, 0),
                    <= 61 => Opaque(VerticalBlur(before, y)),
                    _ => Opaque(FrameColour(0, y)),
                };
                Assert.That(Rgba(result.Torso, 0, y), Is.EqualTo(expected), $"row {y}");
            }
        });
    }

    [Test]
    public void DilateVertically_ExtendsThreeRowsEachWayWithinTheImage()
    {
        var mask = new bool[2 * 12];
        mask[(5 * 2) + 0] = true;
        mask[(1 * 2) + 1] = true;

        var dilated = TorsoImageBuilder.DilateVertically(mask, 2, 12, 3);

        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, 12).Where(y => dilated[y * 2]), Is.EqualTo(new[] { 2, 3, 4, 5, 6, 7, 8 }));
            Assert.That(Enumerable.Range(0, 12).Where(y => dilated[(y * 2) + 1]), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        });
    }

    [Test]
    public void TorsoComposite_UsesTheLoadersFloatFormula()
    {
        var torso = new ByteImage(3, 1, 4, [200, 0, 255, 255, 200, 0, 255, 0, 200, 0, 255, 128]);
        var plate = new ByteImage(3, 1, 3, [100, 50, 255, 100, 50, 255, 100, 50, 255]);

        var composite = TorsoComposite.OverPlate(torso, plate);

        // Alpha 255 → torso; alpha 0 → plate; alpha 128 → 200·128/255 + 100·(1 − 128/255) = 150.2 → 150,
        // 0 + 50·0.498 = 24.9 → 24, 255·128/255 + 255·127/255 = 255.
        Assert.That(composite.Pixels, Is.EqualTo(new byte[] { 200, 0, 255, 100, 50, 255, 150, 24, 255 }));
    }

    private static GroundTruthAndTorso Build(int width, int height, ByteImage parsing) =>
        TorsoImageBuilder.Build(
            TestImages.Image(width, height, FrameColour),
            parsing,
            TestImages.Image(width, height, (_, _) => Plate));

    private static (int R, int G, int B, int A) Rgba(ByteImage image, int x, int y)
    {
        var o = ((y * image.Width) + x) * 4;
        return (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2], image.Pixels[o + 3]);
    }

    private static (int R, int G, int B, int A) Opaque((byte R, byte G, byte B) c) => (c.R, c.G, c.B, 255);

    private static (int R, int G, int B, int A) Opaque((int R, int G, int B) c) => (c.R, c.G, c.B, 255);

    private static (int R, int G, int B, int A) Darkened((byte R, byte G, byte B) c, int k)
    {
        var (r, g, b) = Truncate(c, k);
        return (r, g, b, 255);
    }

    private static (byte R, byte G, byte B) Truncate((byte R, byte G, byte B) c, int k)
    {
        var scale = Math.Pow(0.98, k);
        return ((byte)Math.Floor(c.R * scale), (byte)Math.Floor(c.G * scale), (byte)Math.Floor(c.B * scale));
    }

    // One column: the horizontal tap is 256 (width 1), vertical taps 48, 53, 54, 53, 48 (sigma 4), rounded half up.
    private static (int R, int G, int B) VerticalBlur(int[][] column, int y)
    {
        int[] taps = [48, 53, 54, 53, 48];
        var sums = new int[3];
        for (var j = -2; j <= 2; j++)
        {
            for (var c = 0; c < 3; c++)
            {
                sums[c] += taps[j + 2] * 256 * column[y + j][c];
            }
        }

        return ((sums[0] + 32768) >> 16, (sums[1] + 32768) >> 16, (sums[2] + 32768) >> 16);
    }
}
