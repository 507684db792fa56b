using System.Numerics;
using NUnit.Framework;
using Research.Datasets.Masks;
using Research.Media.Imaging;

namespace Research.Datasets.Tests.Masks;

[TestFixture]
public sealed class MaskDeriverTests
{
    // Ten pixels (5x2): white, blue, blue, grey, green, red, black, almost blue, almost grey, almost black.
    private static readonly (byte R, byte G, byte B)[] Colours =
    [
        (255, 255, 255), (0, 0, 255), (0, 0, 255), (100, 100, 100), (0, 255, 0),
        (255, 0, 0), (0, 0, 0), (0, 0, 254), (100, 100, 101), (1, 0, 0),
    ];

    // Teeth on the white pixel, the second blue pixel and the grey pixel.
    private static readonly bool[] Teeth = [true, false, true, true, false, false, false, false, false, false];

    [Test]
    public void FaceIsBlueXorTeeth()
    {
        var masks = MaskDeriver.Derive(Parsing(), Teeth, Landmarks());

        // Blue without teeth → face; blue with teeth → not face; teeth outside blue (white, grey) → face.
        Assert.That(masks.Face.ToBooleans(), Is.EqualTo(new[] { true, true, false, true, false, false, false, false, false, false }));
    }

    [Test]
    public void HairMouthNeckTorsoBackgroundAndTeeth()
    {
        var masks = MaskDeriver.Derive(Parsing(), Teeth, Landmarks());

        Assert.Multiple(() =>
        {
            Assert.That(masks.Hair.ToBooleans(), Is.EqualTo(Only(6)), "hair = exactly black");
            Assert.That(masks.Mouth.ToBooleans(), Is.EqualTo(Only(0, 2, 3)), "mouth = grey 100 OR teeth");
            Assert.That(masks.Neck.ToBooleans(), Is.EqualTo(Only(4)));
            Assert.That(masks.Torso.ToBooleans(), Is.EqualTo(Only(5)));
            Assert.That(masks.Background.ToBooleans(), Is.EqualTo(Only(0)));
            Assert.That(masks.Teeth.ToBooleans(), Is.EqualTo(Teeth));
            Assert.That((masks.Width, masks.Height), Is.EqualTo((5, 2)));
        });
    }

    [Test]
    public void WithoutTeeth_FaceIsBlueAndMouthIsGrey()
    {
        var masks = MaskDeriver.Derive(Parsing(), null, Landmarks());

        Assert.Multiple(() =>
        {
            Assert.That(masks.Face.ToBooleans(), Is.EqualTo(Only(1, 2)));
            Assert.That(masks.Mouth.ToBooleans(), Is.EqualTo(Only(3)));
            Assert.That(masks.Teeth.Count(), Is.Zero);
        });
    }

    [Test]
    public void RgbaParsing_IgnoresAlpha()
    {
        var rgb = Parsing();
        var rgba = new byte[10 * 4];
        for (var i = 0; i < 10; i++)
        {
            rgb.Pixels.AsSpan(i * 3, 3).CopyTo(rgba.AsSpan(i * 4, 3));
            rgba[(i * 4) + 3] = (byte)(i * 20);
        }

        var fromRgba = MaskDeriver.Derive(new ByteImage(5, 2, 4, rgba), Teeth, Landmarks());
        var fromRgb = MaskDeriver.Derive(rgb, Teeth, Landmarks());

        Assert.That(fromRgba.Face.ToBooleans(), Is.EqualTo(fromRgb.Face.ToBooleans()));
    }

    [Test]
    public void RectanglesComeFromTheLandmarks()
    {
        var landmarks = Landmarks();
        var masks = MaskDeriver.Derive(Parsing(), null, landmarks);

        Assert.Multiple(() =>
        {
            Assert.That(masks.LipsRect, Is.EqualTo(LandmarkRects.Lips(landmarks)));
            Assert.That(masks.LowerHalfRect, Is.EqualTo(LandmarkRects.LowerHalf(landmarks)));
        });
    }

    [Test]
    public void TeethOfTheWrongSize_Throws()
    {
        Assert.That(() => MaskDeriver.Derive(Parsing(), new bool[9], Landmarks()), Throws.ArgumentException);
    }

    private static bool[] Only(params int[] indices)
    {
        var values = new bool[10];
        foreach (var i in indices)
        {
            values[i] = true;
        }

        return values;
    }

    private static ByteImage Parsing() => TestImages.Image(5, 2, (x, y) => Colours[(y * 5) + x]);

    private static Vector2[] Landmarks() => [.. Enumerable.Range(0, 68).Select(i => new Vector2(i % 5, i % 2))];
}
