using NUnit.Framework;
using Research.Datasets.Masks;

namespace Research.Datasets.Tests.Masks;

[TestFixture]
public sealed class PixelMaskTests
{
    [Test]
    public void RoundTripsBooleansAcrossWordBoundaries()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 13 * 11).Select(_ => random.Next(3) == 0).ToArray();

        var mask = PixelMask.FromBooleans(13, 11, values);

        Assert.Multiple(() =>
        {
            Assert.That(mask.ToBooleans(), Is.EqualTo(values));
            Assert.That(mask.Count(), Is.EqualTo(values.Count(v => v)));
            Assert.That(mask[5, 7], Is.EqualTo(values[(7 * 13) + 5]));
        });
    }

    [Test]
    public void SetAndClear()
    {
        var mask = new PixelMask(70, 2);
        mask[69, 1] = true;
        mask[64] = true;
        mask[64] = false;

        Assert.Multiple(() =>
        {
            Assert.That(mask[(1 * 70) + 69], Is.True);
            Assert.That(mask.Count(), Is.EqualTo(1));
            Assert.That(() => mask[70, 0], Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
