using NUnit.Framework;
using Research.Datasets.AudioFeatures;

namespace Research.Datasets.Tests.AudioFeatures;

[TestFixture]
public sealed class MelFilterBankTests
{
    private static readonly LogMelOptions Defaults = new();

    [Test]
    public void HtkMelScale_RoundTripsAndMaps1000HzToAbout1000Mel()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MelFilterBank.HzToMel(1000), Is.EqualTo(1000).Within(0.1));
            Assert.That(MelFilterBank.HzToMel(700), Is.EqualTo(2595 * Math.Log10(2)).Within(1e-9));
            Assert.That(MelFilterBank.MelToHz(MelFilterBank.HzToMel(4321)), Is.EqualTo(4321).Within(1e-6));
        }
    }

    [Test]
    public void EachFilter_PeaksAtOneAtItsCentre_AndVanishesAtItsEdges()
    {
        var bank = new MelFilterBank(Defaults);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bank.Bands, Is.EqualTo(29));
            Assert.That(bank.Bins, Is.EqualTo(257));
            for (var m = 0; m < bank.Bands; m++)
            {
                var edges = bank.EdgeFrequencies;
                Assert.That(bank.Response(m, bank.CentreFrequency(m)), Is.EqualTo(1.0).Within(1e-12), $"band {m}");
                Assert.That(bank.Response(m, edges[m]), Is.Zero);
                Assert.That(bank.Response(m, edges[m + 2]), Is.Zero);
                Assert.That(bank.Response(m, (edges[m] + edges[m + 1]) / 2), Is.EqualTo(0.5).Within(1e-12));

                var binWeights = Enumerable.Range(0, bank.Bins).Select(k => bank.Weight(m, k)).ToArray();
                Assert.That(binWeights, Has.All.InRange(0.0, 1.0));
                Assert.That(binWeights.Max(), Is.GreaterThan(0.4), $"band {m} sees at least one FFT bin");
            }
        }
    }

    [Test]
    public void Filters_CoverTheRange()
    {
        var bank = new MelFilterBank(Defaults);
        var edges = bank.EdgeFrequencies;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(edges[0], Is.Zero);
            Assert.That(edges[^1], Is.EqualTo(8000));
            Assert.That(edges, Is.Ordered.Ascending);
            for (var k = 1; k < bank.Bins - 1; k++)
            {
                var frequency = k * bank.BinSpacing;
                var total = Enumerable.Range(0, bank.Bands).Sum(m => bank.Weight(m, k));
                Assert.That(total, Is.GreaterThan(0), $"bin {k} ({frequency} Hz) is covered");
                if (frequency >= bank.CentreFrequency(0) && frequency <= bank.CentreFrequency(bank.Bands - 1))
                {
                    Assert.That(total, Is.EqualTo(1.0).Within(1e-9), $"partition of unity at {frequency} Hz");
                }
            }
        }
    }

    [Test]
    public void Apply_IsTheWeightedSum()
    {
        var bank = new MelFilterBank(Defaults);
        var power = Enumerable.Range(0, bank.Bins).Select(k => (double)(k % 7)).ToArray();
        var energies = new double[bank.Bands];

        bank.Apply(power, energies);

        var expected = Enumerable.Range(0, bank.Bands).Select(m => Enumerable.Range(0, bank.Bins).Sum(k => bank.Weight(m, k) * power[k]));
        Assert.That(energies, Is.EqualTo(expected).Within(1e-9).AsCollection);
    }
}
