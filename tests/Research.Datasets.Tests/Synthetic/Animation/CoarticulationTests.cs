using NUnit.Framework;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Animation;

[TestFixture]
public sealed class CoarticulationTests
{
    private static readonly int Count = Performance.ExpressionCount;

    // Reference twin: the dominance-weighted mean over every segment, without the ±1.5 s window.
    [Test]
    public void Windowed_MatchesTheSumOverAllSegments()
    {
        var script = SpeechScriptGenerator.Generate(30, new SeededRandom(11, 1));
        var random = new SeededRandom(11, 99);
        var times = Enumerable.Range(0, 500).Select(_ => random.NextDouble(0, 30)).ToArray();

        var fast = Coarticulation.Sample(script, times);

        var maxError = 0.0;
        for (var i = 0; i < times.Length; i++)
        {
            foreach (var e in VisemeTable.MouthExpressions)
            {
                maxError = Math.Max(maxError, Math.Abs(fast[(i * Count) + (int)e] - Naive(script, times[i], e)));
            }
        }

        Assert.That(maxError, Is.LessThan(1e-6), "float rounding plus the window cut-off");
    }

    [Test]
    public void LongVowel_ReachesItsTarget_AndLongPause_IsNeutral()
    {
        PhonemeSegment[] script = [new("sil", 0, 1, 0), new("AA", 1, 1.4, 1) { Stress = 1 }, new("sil", 1.4, 2.4, 0)];
        var w = Coarticulation.Sample(script, [1.2, 0.5, 1.9]);
        var aa = VisemeTable.Get("AA");

        using (Assert.EnterMultipleScope())
        {
            // Stress 1 scales the vowel's jaw target by 0.85 + 0.25.
            Assert.That(w[(int)Expression.JawDrop], Is.EqualTo(aa.Target(Expression.JawDrop) * 1.1).Within(0.02));
            Assert.That(w[(int)Expression.LipsPart], Is.EqualTo(aa.Target(Expression.LipsPart)).Within(0.02));
            foreach (var e in VisemeTable.MouthExpressions)
            {
                Assert.That(w[Count + (int)e], Is.LessThanOrEqualTo(0.06f), $"pause before, {e}");
                Assert.That(w[(2 * Count) + (int)e], Is.LessThanOrEqualTo(0.06f), $"pause after, {e}");
            }
        }
    }

    [TestCase("P", 0.06)]
    [TestCase("B", 0.05)]
    [TestCase("M", 0.08)]
    [TestCase("P", 0.1)]
    public void Bilabials_CloseTheLips_BetweenOpenVowels(string symbol, double length)
    {
        PhonemeSegment[] script = [new("AA", 0, 0.15, 1) { Stress = 1 }, new(symbol, 0.15, 0.15 + length, 0) { Stress = 1 }, new("AE", 0.15 + length, 0.3 + length, 0.85) { Stress = 1 }];
        var times = Grid(0.15, 0.15 + length);
        var w = Coarticulation.Sample(script, times);

        var lips = Enumerable.Range(0, times.Length).Min(i => w[(i * Count) + (int)Expression.LipsPart]);
        var jaw = Enumerable.Range(0, times.Length).Min(i => w[(i * Count) + (int)Expression.JawDrop]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lips, Is.LessThan(0.08f), "lips part");
            Assert.That(jaw, Is.LessThan(0.2f), "jaw");
        }
    }

    // A tongue consonant's jaw depends on its vowels; a bilabial closes whatever they are.
    [Test]
    public void TongueConsonants_FollowTheVowels_BilabialsDoNot()
    {
        float Jaw(string consonant, string vowel) =>
            Coarticulation.Sample([new(vowel, 0, 0.15, 0.5), new(consonant, 0.15, 0.22, 0.1), new(vowel, 0.22, 0.37, 0.5)], [0.185])[(int)Expression.JawDrop];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Jaw("T", "AA") - Jaw("T", "IY"), Is.GreaterThan(0.15f), "/t/ between /a/ vs between /i/");
            Assert.That(Math.Abs(Jaw("P", "AA") - Jaw("P", "IY")), Is.LessThan(0.06f), "/p/ between /a/ vs between /i/");
        }
    }

    [Test]
    public void LipRounding_IsAnticipated()
    {
        PhonemeSegment[] script = [new("sil", 0, 0.3, 0), new("AA", 0.3, 0.5, 1), new("T", 0.5, 0.58, 0.15), new("UW", 0.58, 0.78, 0.25), new("sil", 0.78, 1.2, 0)];
        var w = Coarticulation.Sample(script, [0.4, 0.54]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(w[(int)Expression.Pucker], Is.LessThan(0.1f), "mid /a/");
            Assert.That(w[Count + (int)Expression.Pucker], Is.GreaterThan(0.3f), "already rounding during the /t/ before /u/");
        }
    }

    // Dominance decays symmetrically, so a change between two vowels happens at their boundary, not after it.
    [Test]
    public void Transitions_AreCentredOnTheBoundary()
    {
        PhonemeSegment[] script = [new("AA", 0, 0.3, 1), new("IY", 0.3, 0.6, 0.3)];
        var times = Grid(0, 0.6);
        var w = Coarticulation.Sample(script, times);
        var jaw = Enumerable.Range(0, times.Length).Select(i => w[(i * Count) + (int)Expression.JawDrop]).ToArray();
        var half = 0.5 * (jaw[0] + jaw[^1]);
        var crossing = times[Array.FindIndex(jaw, j => j < half)];

        Assert.That(crossing, Is.EqualTo(0.3).Within(0.01));
    }

    [Test]
    public void Weights_AreContinuous()
    {
        var script = SpeechScriptGenerator.Generate(10, new SeededRandom(12, 1));
        var times = Grid(0, 10);
        var w = Coarticulation.Sample(script, times);

        var maxStep = 0.0;
        for (var i = 1; i < times.Length; i++)
        {
            foreach (var e in VisemeTable.MouthExpressions)
            {
                maxStep = Math.Max(maxStep, Math.Abs(w[(i * Count) + (int)e] - w[((i - 1) * Count) + (int)e]));
            }
        }

        Assert.That(maxStep, Is.LessThan(0.06), "largest change in 1 ms");
    }

    [Test]
    public void BadTimelines_Throw()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Coarticulation.Sample([new("QQ", 0, 1, 0)], [0.5]), Throws.ArgumentException.With.Message.Contains("'QQ'"));
            Assert.That(() => Coarticulation.Sample([new("AA", 0, 0.6, 1), new("IY", 0.5, 1, 0.3)], [0.5]), Throws.ArgumentException.With.Message.Contains("segment 1"));
        }
    }

    // 1 ms grid over [start, end).
    private static double[] Grid(double start, double end) =>
        [.. Enumerable.Range(0, (int)Math.Round((end - start) * 1000)).Select(k => start + (k * 0.001))];

    private static double Naive(IReadOnlyList<PhonemeSegment> script, double t, Expression e)
    {
        double numerator = 0, denominator = 0;
        foreach (var segment in script)
        {
            var viseme = VisemeTable.Get(segment.Symbol);
            var margin = Math.Min(0.25 * segment.Duration, 0.03);
            var before = t < segment.Start + margin;
            var distance = before ? segment.Start + margin - t : Math.Max(0, t - (segment.End - margin));
            var tau = !before ? viseme.CarryoverSeconds : e is Expression.Pucker or Expression.Funnel ? viseme.RoundingAnticipationSeconds : viseme.AnticipationSeconds;
            var dominance = viseme.Dominance(e) * Math.Exp(-distance / tau);
            var target = (double)viseme.Target(e);
            if (e == Expression.JawDrop && PhonemeInventory.Get(segment.Symbol).Class == PhonemeClass.Vowel)
            {
                target *= 0.85 + (0.25 * segment.Stress);
            }

            numerator += dominance * target;
            denominator += dominance;
        }

        return Math.Clamp(numerator / denominator, 0, 1);
    }
}
