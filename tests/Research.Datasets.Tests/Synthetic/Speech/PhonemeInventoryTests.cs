using NUnit.Framework;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Speech;

[TestFixture]
public sealed class PhonemeInventoryTests
{
    [Test]
    public void Symbols_AreUniqueAndResolvable()
    {
        var symbols = PhonemeInventory.All.Select(p => p.Symbol).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(symbols, Is.Unique);
            Assert.That(symbols, Does.Contain(PhonemeInventory.SilenceSymbol));
            foreach (var symbol in symbols)
            {
                Assert.That(PhonemeInventory.Get(symbol).Symbol, Is.EqualTo(symbol));
            }
        }
    }

    [Test]
    public void Inventory_HasTheRequiredClasses()
    {
        string Classes(PhonemeClass c) => string.Join(' ', PhonemeInventory.All.Where(p => p.Class == c).Select(p => p.Symbol).Order(StringComparer.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Classes(PhonemeClass.Plosive), Is.EqualTo("B D G K P T"));
            Assert.That(Classes(PhonemeClass.Fricative), Is.EqualTo("F S SH TH V Z"));
            Assert.That(Classes(PhonemeClass.Nasal), Is.EqualTo("M N NG"));
            Assert.That(Classes(PhonemeClass.Approximant), Is.EqualTo("L R W Y"));
            Assert.That(PhonemeInventory.Vowels.Select(v => v.Symbol), Is.SupersetOf(new[] { "AA", "AE", "AH", "AO", "EH", "IH", "IY", "UW", "UH", "OW", "ER" }));
            Assert.That(PhonemeInventory.All.Where(p => p.ClosesLips).Select(p => p.Symbol), Is.EquivalentTo(new[] { "P", "B", "M" }));
        }
    }

    [Test]
    public void Vowels_HaveOrderedFormants_AndOpennessFollowsF1()
    {
        var vowels = PhonemeInventory.Vowels;

        using (Assert.EnterMultipleScope())
        {
            foreach (var v in vowels)
            {
                Assert.That(v.Formants.F1, Is.LessThan(v.Formants.F2), v.Symbol);
                Assert.That(v.Formants.F2, Is.LessThan(v.Formants.F3), v.Symbol);
                Assert.That(v.Openness, Is.InRange(0.0, 1.0), v.Symbol);
                Assert.That(v.Voiced, Is.True, v.Symbol);
            }

            // Openness is the articulatory counterpart of F1 (jaw height), so the two must agree across vowels.
            Assert.That(Statistics.Pearson([.. vowels.Select(v => v.Openness)], [.. vowels.Select(v => v.Formants.F1)]), Is.GreaterThan(0.8));
            Assert.That(PhonemeInventory.Get("AA").Openness, Is.EqualTo(vowels.Max(v => v.Openness)));
            Assert.That(PhonemeInventory.Get("UW").Openness, Is.EqualTo(vowels.Min(v => v.Openness)));
        }
    }

    [Test]
    public void Consonants_HaveNoiseWhereExpected()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var p in PhonemeInventory.Consonants)
            {
                var noisy = p.Class is PhonemeClass.Plosive or PhonemeClass.Fricative;
                Assert.That(p.NoiseLevel > 0, Is.EqualTo(noisy), p.Symbol);
                Assert.That(p.VoicingLevel > 0, Is.EqualTo(p.Voiced), p.Symbol);
                Assert.That(p.Openness, Is.LessThan(0.5), p.Symbol);
            }

            Assert.That(PhonemeInventory.Get("S").NoiseCentreHz, Is.GreaterThan(PhonemeInventory.Get("SH").NoiseCentreHz));
        }
    }

    [Test]
    public void UnknownSymbol_Throws()
    {
        Assert.That(() => PhonemeInventory.Get("XX"), Throws.ArgumentException.With.Message.Contains("'XX'"));
        Assert.That(PhonemeInventory.TryGet("aa", out _), Is.False, "symbols are case-sensitive");
    }
}
