using NUnit.Framework;
using Research.Datasets.Background;

namespace Research.Datasets.Tests.Background;

[TestFixture]
public sealed class NearestKnownPixelsTests
{
    [TestCase(1, 1, 1.0)]
    [TestCase(16, 12, 0.05)]
    [TestCase(31, 23, 0.3)]
    [TestCase(50, 7, 0.01)]
    public void EqualsBruteForceWithRasterOrderTies(int width, int height, double density)
    {
        var random = new Random(width + (100 * height));
        for (var trial = 0; trial < 5; trial++)
        {
            var known = Enumerable.Range(0, width * height).Select(_ => random.NextDouble() < density).ToArray();
            known[random.Next(known.Length)] = true;

            Assert.That(NearestKnownPixels.Find(known, width, height), Is.EqualTo(BruteForce(known, width, height)), $"trial {trial}");
        }
    }

    [Test]
    public void Ties_GoToTheKnownPixelFirstInRasterOrder()
    {
        // 3x3: centre equidistant from left and right neighbours → left (index 3) wins.
        var leftRight = new bool[9];
        leftRight[3] = leftRight[5] = true;

        // Centre equidistant from top and bottom → top (index 1) wins; also from the four corners → top-left (0).
        var topBottom = new bool[9];
        topBottom[1] = topBottom[7] = true;
        var corners = new bool[9];
        corners[0] = corners[2] = corners[6] = corners[8] = true;

        Assert.Multiple(() =>
        {
            Assert.That(NearestKnownPixels.Find(leftRight, 3, 3)[4], Is.EqualTo(3));
            Assert.That(NearestKnownPixels.Find(topBottom, 3, 3)[4], Is.EqualTo(1));
            Assert.That(NearestKnownPixels.Find(corners, 3, 3)[4], Is.Zero);
            Assert.That(NearestKnownPixels.Find(leftRight, 3, 3)[3], Is.EqualTo(3), "known pixels map to themselves");
        });
    }

    [Test]
    public void NothingKnown_Throws()
    {
        Assert.That(() => NearestKnownPixels.Find(new bool[4], 2, 2), Throws.ArgumentException);
    }

    // The reference twin: scan every known pixel in raster order, keeping the first at the smallest distance.
    private static int[] BruteForce(bool[] known, int width, int height)
    {
        var nearest = new int[known.Length];
        for (var p = 0; p < known.Length; p++)
        {
            var (best, bestIndex) = (int.MaxValue, -1);
            for (var q = 0; q < known.Length; q++)
            {
                if (!known[q])
                {
                    continue;
                }

                var (dy, dx) = ((p / width) - (q / width), (p % width) - (q % width));
                var d = (dy * dy) + (dx * dx);
                if (d < best)
                {
                    (best, bestIndex) = (d, q);
                }
            }

            nearest[p] = bestIndex;
        }

        return nearest;
    }
}
