using System.Numerics;
using NUnit.Framework;
using Research.Datasets.Masks;

namespace Research.Datasets.Tests.Masks;

[TestFixture]
public sealed class LandmarkRectsTests
{
    [Test]
    public void Lips_RowsComeFromYAndColumnsFromX_SquaredAroundTheCentre()
    {
        // Lips x in [10.9, 30.2] → columns 10..30; y in [40.7, 47.9] → rows 40..47.
        // Rows: centre (40 + 47) // 2 = 43; columns: centre (10 + 30) // 2 = 20; half-side max(7, 20) // 2 = 10.
        var landmarks = Uniform(100, 100);
        SetLips(landmarks, xMin: 10.9f, xMax: 30.2f, yMin: 40.7f, yMax: 47.9f);

        Assert.Multiple(() =>
        {
            Assert.That(LandmarkRects.LipsBoundingBox(landmarks), Is.EqualTo(new LandmarkRect(40, 47, 10, 30)));
            Assert.That(LandmarkRects.Lips(landmarks), Is.EqualTo(new LandmarkRect(33, 53, 10, 30)));
            Assert.That(LandmarkRects.Lips(landmarks).ToUpstreamList(), Is.EqualTo(new[] { 33, 53, 10, 30 }));
        });
    }

    [Test]
    public void Lips_TruncatesTowardZeroAndFloorsTheCentre()
    {
        // x in [-5.5, 2.0] → int() gives -5 (toward zero), 2; centre (-5 + 2) // 2 = -2 (floor, not -1).
        // y in [10.0, 12.9] → rows 10..12, centre 11; half-side max(2, 7) // 2 = 3.
        var landmarks = Uniform(100, 100);
        SetLips(landmarks, xMin: -5.5f, xMax: 2.0f, yMin: 10.0f, yMax: 12.9f);

        Assert.That(LandmarkRects.Lips(landmarks), Is.EqualTo(new LandmarkRect(8, 14, -5, 1)));
    }

    [Test]
    public void Lips_OddExtentLosesHalfAPixel()
    {
        // Rows 20..29 (extent 9), columns 50..55 (extent 5): half-side 9 // 2 = 4, centres 24 and 52.
        var landmarks = Uniform(100, 100);
        SetLips(landmarks, xMin: 50.2f, xMax: 55.8f, yMin: 20.1f, yMax: 29.99f);

        Assert.That(LandmarkRects.Lips(landmarks), Is.EqualTo(new LandmarkRect(20, 28, 48, 56)));
    }

    [Test]
    public void LowerHalf_FromUnderTheNoseToTheLowestLandmark()
    {
        var landmarks = Uniform(60, 60);
        landmarks[31] = new Vector2(60, 52.3f);
        landmarks[33] = new Vector2(60, 50.9f);
        landmarks[8] = new Vector2(60, 90.99f);
        landmarks[0] = new Vector2(5.2f, 30);
        landmarks[16] = new Vector2(120.7f, 30);

        // Rows int(min y of 31..35) = 50 to int(max y) = 90; columns int(min x) = 5 to int(max x) = 120.
        Assert.That(LandmarkRects.LowerHalf(landmarks), Is.EqualTo(new LandmarkRect(50, 90, 5, 120)));
    }

    [Test]
    public void InnerLipHeight_TruncatesBothEndsBeforeSubtracting()
    {
        var landmarks = Uniform(60, 60);
        for (var i = 60; i < 68; i++)
        {
            landmarks[i] = new Vector2(60, 22);
        }

        landmarks[62] = new Vector2(60, 20.9f);
        landmarks[66] = new Vector2(60, 25.1f);

        // int(25.1) − int(20.9) = 25 − 20 = 5, although the real extent is 4.2.
        Assert.That(LandmarkRects.InnerLipHeight(landmarks), Is.EqualTo(5));
    }

    [Test]
    public void MouthBounds_MinMaxOverTheFramesAndPerFrameHeight()
    {
        var frames = new[] { 5, 2, 9 }.Select(WithInnerLipHeight).ToArray();

        var bounds = MouthBounds.Compute(frames);

        Assert.Multiple(() =>
        {
            Assert.That((bounds.Lower, bounds.Upper), Is.EqualTo((2, 9)));
            Assert.That(bounds.Heights, Is.EqualTo(new[] { 5, 2, 9 }));
            Assert.That(bounds.For(1), Is.EqualTo(new MouthBound(2, 9, 2)));
            Assert.That(bounds.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public void WrongLandmarkCountOrNaN_Throws()
    {
        var nan = Uniform(1, 1);
        nan[50] = new Vector2(float.NaN, 1);

        Assert.Multiple(() =>
        {
            Assert.That(() => LandmarkRects.Lips(new Vector2[67]), Throws.ArgumentException);
            Assert.That(() => LandmarkRects.Lips(nan), Throws.ArgumentException);
            Assert.That(() => MouthBounds.Compute([]), Throws.ArgumentException);
        });
    }

    [Test]
    public void ToMask_UsesPythonSliceSemantics()
    {
        // 4 wide, 5 high. Rows [1:3], columns [-1:10] → column 3 only (−1 counts from the end, 10 clamps to 4).
        var mask = new LandmarkRect(1, 3, -1, 10).ToMask(4, 5);
        var expected = new bool[20];
        expected[(1 * 4) + 3] = true;
        expected[(2 * 4) + 3] = true;

        // Rows [-2:3] → [3:3], empty.
        var empty = new LandmarkRect(-2, 3, 0, 4).ToMask(4, 5);

        // Rows [-9:2] → start clamps to 0.
        var clamped = new LandmarkRect(-9, 2, 0, 1).ToMask(4, 5);

        Assert.Multiple(() =>
        {
            Assert.That(mask.ToBooleans(), Is.EqualTo(expected));
            Assert.That(empty.Count(), Is.Zero);
            Assert.That(clamped.Count(), Is.EqualTo(2));
            Assert.That(clamped[0, 0] && clamped[0, 1], Is.True);
        });
    }

    private static Vector2[] Uniform(float x, float y) => [.. Enumerable.Repeat(new Vector2(x, y), 68)];

    private static void SetLips(Vector2[] landmarks, float xMin, float xMax, float yMin, float yMax)
    {
        for (var i = 48; i < 60; i++)
        {
            landmarks[i] = new Vector2((xMin + xMax) / 2, (yMin + yMax) / 2);
        }

        landmarks[48] = new Vector2(xMin, landmarks[48].Y);
        landmarks[54] = new Vector2(xMax, landmarks[54].Y);
        landmarks[51] = new Vector2(landmarks[51].X, yMin);
        landmarks[57] = new Vector2(landmarks[57].X, yMax);
    }

    private static Vector2[] WithInnerLipHeight(int height)
    {
        var landmarks = Uniform(50, 50);
        for (var i = 60; i < 68; i++)
        {
            landmarks[i] = new Vector2(50, 41);
        }

        landmarks[62] = new Vector2(50, 40.5f);
        landmarks[66] = new Vector2(50, 40.5f + height);
        return landmarks;
    }
}
