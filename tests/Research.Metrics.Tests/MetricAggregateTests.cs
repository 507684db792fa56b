using System.Text.Json;
using NUnit.Framework;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class MetricAggregateTests
{
    [Test]
    public void Positive_infinity_is_excluded_from_the_mean_and_counted()
    {
        var agg = MetricAggregate.FromValues([30.0, double.PositiveInfinity, 40.0, double.PositiveInfinity]);
        Assert.Multiple(() =>
        {
            Assert.That(agg.Mean, Is.EqualTo(35.0));
            Assert.That(agg.Count, Is.EqualTo(2));
            Assert.That(agg.InfiniteCount, Is.EqualTo(2));
            Assert.That(agg.Ci.Contains(35.0), Is.True);
            Assert.That(double.IsFinite(agg.Ci.Upper), Is.True);
        });
    }

    [Test]
    public void All_infinite_gives_nan_mean_and_zero_count()
    {
        var agg = MetricAggregate.FromValues([double.PositiveInfinity, double.PositiveInfinity]);
        Assert.Multiple(() =>
        {
            Assert.That(agg.Mean, Is.NaN);
            Assert.That(agg.Count, Is.Zero);
            Assert.That(agg.InfiniteCount, Is.EqualTo(2));
            Assert.That(agg.Ci.Lower, Is.NaN);
        });
    }

    [Test]
    public void Serializes_with_camel_case_names_and_named_literals()
    {
        var agg = MetricAggregate.FromValues([double.PositiveInfinity]);
        var json = JsonSerializer.Serialize(agg);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"mean\":\"NaN\""));
            Assert.That(json, Does.Contain("\"count\":0"));
            Assert.That(json, Does.Contain("\"infiniteCount\":1"));
            Assert.That(json, Does.Contain("\"ci\":{\"lower\":\"NaN\""));
            Assert.That(json, Does.Contain("\"level\":0.95"));
        });
    }
}
