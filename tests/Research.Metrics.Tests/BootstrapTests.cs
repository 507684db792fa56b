using NUnit.Framework;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class BootstrapTests
{
    [Test]
    public void Statistic_overload_with_the_mean_matches_the_mean_overload_bit_for_bit()
    {
        var rng = new Random(17);
        var values = Enumerable.Range(0, 37).Select(_ => rng.NextDouble() * 10).ToArray();
        var options = new BootstrapOptions { Resamples = 300, Seed = 99 };
        var byMean = Bootstrap.PercentileInterval(values, options);
        var byStatistic = Bootstrap.PercentileInterval(values.Length, idx =>
        {
            var sum = 0.0;
            foreach (var i in idx)
            {
                sum += values[i];
            }

            return sum / idx.Length;
        }, options);
        Assert.That(byStatistic, Is.EqualTo(byMean));
    }

    [Test]
    public void Same_seed_gives_the_same_interval_and_another_seed_a_different_one()
    {
        var values = Sample(60, seed: 1);
        var a = Bootstrap.PercentileInterval(values, new BootstrapOptions { Seed = 7 });
        var b = Bootstrap.PercentileInterval(values, new BootstrapOptions { Seed = 7 });
        var c = Bootstrap.PercentileInterval(values, new BootstrapOptions { Seed = 8 });
        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(a));
            Assert.That(c.Lower, Is.Not.EqualTo(a.Lower));
        });
    }

    [Test]
    public void Interval_contains_the_mean()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var values = Sample(40, seed);
            var ci = Bootstrap.PercentileInterval(values, new BootstrapOptions { Seed = (ulong)seed });
            Assert.Multiple(() =>
            {
                Assert.That(ci.Contains(Bootstrap.Mean(values)), Is.True, $"seed {seed}: {ci}");
                Assert.That(ci.Lower, Is.LessThan(ci.Upper));
                Assert.That(ci.Level, Is.EqualTo(0.95));
            });
        }
    }

    [Test]
    public void Interval_shrinks_with_more_samples()
    {
        // Width scales like 1/√n: 100× the samples should give about a tenth of the width.
        var small = Bootstrap.PercentileInterval(Sample(20, seed: 3));
        var large = Bootstrap.PercentileInterval(Sample(2000, seed: 3));
        Assert.That(large.Width, Is.LessThan(small.Width / 4));
    }

    [Test]
    public void Equal_values_give_a_zero_width_interval_at_the_mean()
    {
        double[] values = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
        var ci = Bootstrap.PercentileInterval(values);
        var mean = Bootstrap.Mean(values);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Width, Is.Zero);
            Assert.That(ci.Lower, Is.EqualTo(mean));
            Assert.That(ci.Upper, Is.EqualTo(mean));
        });
    }

    [Test]
    public void Single_value_gives_a_zero_width_interval()
    {
        var ci = Bootstrap.PercentileInterval([31.5]);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Lower, Is.EqualTo(31.5));
            Assert.That(ci.Upper, Is.EqualTo(31.5));
        });
    }

    [Test]
    public void No_values_give_nan_bounds()
    {
        var ci = Bootstrap.PercentileInterval([]);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Lower, Is.NaN);
            Assert.That(ci.Upper, Is.NaN);
        });
    }

    [Test]
    public void Higher_level_gives_a_wider_interval()
    {
        var values = Sample(50, seed: 9);
        var ci90 = Bootstrap.PercentileInterval(values, new BootstrapOptions { Level = 0.90 });
        var ci99 = Bootstrap.PercentileInterval(values, new BootstrapOptions { Level = 0.99 });
        Assert.That(ci99.Width, Is.GreaterThan(ci90.Width));
    }

    [Test]
    public void Interval_matches_a_plain_reimplementation()
    {
        // Same generator and draws, written the long way: sort the resample means and interpolate at q·(B − 1).
        var values = Sample(25, seed: 4);
        var options = new BootstrapOptions { Seed = 99, Resamples = 1000 };
        var rng = new Xoshiro256StarStar(99);
        var means = new List<double>();
        for (var b = 0; b < 1000; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                sum += values[rng.NextBelow(values.Length)];
            }

            means.Add(sum / values.Length);
        }

        means.Sort();
        double At(double q)
        {
            var h = q * 999;
            var lo = (int)h;
            return means[lo] + ((h - lo) * (means[lo + 1] - means[lo]));
        }

        var ci = Bootstrap.PercentileInterval(values, options);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Lower, Is.EqualTo(At(0.025)).Within(1e-15));
            Assert.That(ci.Upper, Is.EqualTo(At(0.975)).Within(1e-15));
        });
    }

    [Test]
    public void Invalid_options_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Bootstrap.PercentileInterval([1.0], new BootstrapOptions { Resamples = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Bootstrap.PercentileInterval([1.0], new BootstrapOptions { Level = 1.0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private static double[] Sample(int n, int seed)
    {
        // Roughly normal (Irwin–Hall of 4 uniforms), centred near 30 like PSNR values.
        var rng = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = 28 + rng.NextDouble() + rng.NextDouble() + rng.NextDouble() + rng.NextDouble();
        }

        return values;
    }
}
