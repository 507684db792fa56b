using NUnit.Framework;
using Research.Datasets.Background;

namespace Research.Datasets.Tests.Background;

[TestFixture]
public sealed class EuclideanDistanceTransformTests
{
    [TestCase(1, 1, 0.5)]
    [TestCase(1, 9, 0.2)]
    [TestCase(9, 1, 0.2)]
    [TestCase(13, 17, 0.05)]
    [TestCase(64, 48, 0.01)]
    [TestCase(64, 48, 0.3)]
    [TestCase(100, 3, 0.02)]
    [TestCase(37, 41, 0.002)]
    public void EqualsBruteForceNearestNeighbour(int width, int height, double density)
    {
        var random = new Random((width * 1000) + height);
        for (var trial = 0; trial < 5; trial++)
        {
            var features = Enumerable.Range(0, width * height).Select(_ => random.NextDouble() < density).ToArray();

            var fast = EuclideanDistanceTransform.SquaredDistances(features, width, height);

            Assert.That(fast, Is.EqualTo(BruteForce(features, width, height)), $"trial {trial}");
        }
    }

    [Test]
    public void SingleFeature_GivesSquaredOffsets()
    {
        var features = new bool[35];
        features[(2 * 7) + 3] = true;

        var distances = EuclideanDistanceTransform.SquaredDistances(features, 7, 5);

        Assert.Multiple(() =>
        {
            Assert.That(distances[(2 * 7) + 3], Is.Zero);
            Assert.That(distances[0], Is.EqualTo((3 * 3) + (2 * 2)));
            Assert.That(distances[(4 * 7) + 6], Is.EqualTo((3 * 3) + (2 * 2)));
            Assert.That(distances[(2 * 7) + 0], Is.EqualTo(9));
        });
    }

    [Test]
    public void NoFeature_IsInfiniteEverywhere()
    {
        var distances = EuclideanDistanceTransform.SquaredDistances(new bool[12], 4, 3);

        Assert.That(distances, Is.All.EqualTo(EuclideanDistanceTransform.Infinite));
    }

    // The reference twin: the minimum over every feature pixel, as a KD-tree query returns it.
    internal static int[] BruteForce(bool[] features, int width, int height)
    {
        var distances = new int[features.Length];
        for (var p = 0; p < features.Length; p++)
        {
            var best = EuclideanDistanceTransform.Infinite;
            for (var q = 0; q < features.Length; q++)
            {
                if (features[q])
                {
                    var (dy, dx) = ((p / width) - (q / width), (p % width) - (q % width));
                    best = Math.Min(best, (dy * dy) + (dx * dx));
                }
            }

            distances[p] = best;
        }

        return distances;
    }
}
