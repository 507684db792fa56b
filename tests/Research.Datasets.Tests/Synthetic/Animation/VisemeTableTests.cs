using NUnit.Framework;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Animation;

[TestFixture]
public sealed class VisemeTableTests
{
    private static readonly Expression[] NonMouth = [.. Enum.GetValues<Expression>().Except(VisemeTable.MouthExpressions)];

    [Test]
    public void EveryPhoneme_HasAViseme_OnlyOnMouthExpressions()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var phoneme in PhonemeInventory.All)
            {
                var viseme = VisemeTable.Get(phoneme.Symbol);
                foreach (var e in VisemeTable.MouthExpressions)
                {
                    Assert.That(viseme.Target(e), Is.InRange(0f, 1f), $"{phoneme.Symbol} {e}");
                    Assert.That(viseme.Dominance(e), Is.GreaterThan(0f), $"{phoneme.Symbol} {e}");
                }

                foreach (var e in NonMouth)
                {
                    Assert.That(viseme.Target(e), Is.Zero, $"{phoneme.Symbol} {e}");
                    Assert.That(viseme.Dominance(e), Is.Zero, $"{phoneme.Symbol} {e}");
                }
            }
        }
    }

    [Test]
    public void VowelShapes_FollowTheirArticulation()
    {
        var vowels = PhonemeInventory.Vowels;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Statistics.Pearson([.. vowels.Select(v => v.Openness)], [.. vowels.Select(v => (double)VisemeTable.Get(v.Symbol).Target(Expression.JawDrop))]), Is.GreaterThan(0.9), "jaw follows openness");
            foreach (var v in vowels)
            {
                var viseme = VisemeTable.Get(v.Symbol);
                var rounding = viseme.Target(Expression.Pucker) + viseme.Target(Expression.Funnel);
                Assert.That(viseme.Target(Expression.LipsPart), Is.GreaterThanOrEqualTo(0.5f), $"{v.Symbol} lips apart");
                if (v.Rounding >= 0.5)
                {
                    Assert.That(rounding, Is.GreaterThanOrEqualTo(0.5f), $"{v.Symbol} is rounded");
                }

                if (v.Spreading >= 0.5)
                {
                    Assert.That(viseme.Target(Expression.LipCornerPull), Is.GreaterThanOrEqualTo(0.4f), $"{v.Symbol} is spread");
                    Assert.That(rounding, Is.Zero, $"{v.Symbol} is not rounded");
                }
            }
        }
    }

    [Test]
    public void Bilabials_CloseTheLips_AndDominateThem()
    {
        var maxOtherDominance = PhonemeInventory.All.Where(p => !p.ClosesLips).Max(p => VisemeTable.Get(p.Symbol).Dominance(Expression.LipsPart));

        using (Assert.EnterMultipleScope())
        {
            foreach (var symbol in new[] { "P", "B", "M" })
            {
                var viseme = VisemeTable.Get(symbol);
                Assert.That(viseme.Target(Expression.LipsPart), Is.Zero, symbol);
                Assert.That(viseme.Target(Expression.JawDrop), Is.LessThanOrEqualTo(0.05f), symbol);
                Assert.That(viseme.Target(Expression.ChinRaise), Is.GreaterThan(0.2f), symbol);
                Assert.That(viseme.Dominance(Expression.LipsPart), Is.GreaterThan(maxOtherDominance), symbol);
            }

            Assert.That(VisemeTable.Get("F").Target(Expression.UpperLipRaise), Is.GreaterThan(0.3f));
            Assert.That(VisemeTable.Get("V").Target(Expression.UpperLipRaise), Is.GreaterThan(0.3f));
            Assert.That(VisemeTable.MouthExpressions.Max(e => VisemeTable.Get("sil").Target(e)), Is.LessThanOrEqualTo(0.05f), "pause is near neutral");
        }
    }

    [Test]
    public void UnknownSymbol_Throws() =>
        Assert.That(() => VisemeTable.Get("XX"), Throws.ArgumentException.With.Message.Contains("'XX'"));
}
