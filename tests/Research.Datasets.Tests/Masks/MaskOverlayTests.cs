using System.Numerics;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.Masks;

namespace Research.Datasets.Tests.Masks;

[TestFixture]
public sealed class MaskOverlayTests
{
    [Test]
    public void TintsMaskedPixelsAndOutlinesTheLipsRect()
    {
        // 8x8: face in the left half, background in the right half; lips rect rows [5:7], columns [5:7].
        var parsing = TestImages.FromClasses(8, 8, (x, _) => x < 4 ? ParsingClass.Face : ParsingClass.Background);
        var landmarks = Enumerable.Repeat(new Vector2(6, 6), 68).ToArray();
        landmarks[48] = new Vector2(5, 5);
        landmarks[54] = new Vector2(7, 7);
        var masks = MaskDeriver.Derive(parsing, null, landmarks);
        var frame = TestImages.Image(8, 8, (_, _) => (100, 100, 100));

        var overlay = MaskOverlay.Render(frame, masks);

        Assert.Multiple(() =>
        {
            Assert.That(masks.LipsRect, Is.EqualTo(new LandmarkRect(5, 7, 5, 7)));
            Assert.That(TestImages.At(overlay, 1, 1), Is.EqualTo(((byte)50, (byte)50, (byte)178)), "face: half-way to blue");
            Assert.That(TestImages.At(overlay, 5, 1), Is.EqualTo(((byte)100, (byte)100, (byte)100)), "background untouched");
            Assert.That(TestImages.At(overlay, 5, 5), Is.EqualTo(((byte)0, (byte)255, (byte)255)), "lips rect outline");
            Assert.That(TestImages.At(overlay, 4, 4), Is.EqualTo(((byte)100, (byte)100, (byte)100)), "outside the rect");
        });
    }
}
