using NUnit.Framework;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Speech;

[TestFixture]
public sealed class SpeechScriptGeneratorTests
{
    [TestCase(60.0, 1)]
    [TestCase(10.04, 2)]
    [TestCase(3.3, 3)]
    [TestCase(0.7, 4)]
    public void Segments_CoverTheClipExactlyAndContiguously(double seconds, int seed)
    {
        var script = SpeechScriptGenerator.Generate(seconds, new SeededRandom(seed, 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(script[0].Start, Is.Zero);
            Assert.That(script[^1].End, Is.EqualTo(seconds), "the last segment ends exactly at the clip length");
            for (var i = 1; i < script.Count; i++)
            {
                Assert.That(script[i].Start, Is.EqualTo(script[i - 1].End), $"segment {i} starts where {i - 1} ends");
                Assert.That(script[i].Symbol == "sil" && script[i - 1].Symbol == "sil", Is.False, $"pauses {i - 1} and {i} are merged");
            }

            foreach (var segment in script)
            {
                Assert.That(segment.End, Is.GreaterThan(segment.Start), segment.ToString());
                Assert.That(PhonemeInventory.TryGet(segment.Symbol, out var phoneme), Is.True, segment.Symbol);
                Assert.That(segment.Openness, Is.EqualTo(phoneme!.Openness), segment.Symbol);
                Assert.That(segment.Stress, Is.InRange(0.0, 1.0), segment.Symbol);
            }
        }
    }

    [Test]
    public void Durations_FollowTheirClasses()
    {
        var script = SpeechScriptGenerator.Generate(120, new SeededRandom(5, 1));
        const double Lengthening = 1.2; // phrase-final syllables

        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < script.Count; i++)
            {
                var segment = script[i];
                var phoneme = PhonemeInventory.Get(segment.Symbol);
                var d = segment.Duration;
                switch (phoneme.Class)
                {
                    case PhonemeClass.Vowel:
                        Assert.That(d, Is.InRange(0.08 - 1e-9, (0.18 * Lengthening) + 1e-9), segment.ToString());
                        break;
                    case PhonemeClass.Silence:
                        if (i > 0 && i < script.Count - 1)
                        {
                            Assert.That(d, Is.InRange(0.08, 0.9), segment.ToString());
                        }

                        break;
                    default:
                        Assert.That(d, Is.InRange(0.05 - 1e-9, (0.1 * Lengthening) + 1e-9), segment.ToString());
                        break;
                }
            }
        }
    }

    [Test]
    public void LongScript_LooksLikeSpeech()
    {
        var script = SpeechScriptGenerator.Generate(120, new SeededRandom(6, 1));
        var speech = script.Where(s => s.Symbol != "sil").ToList();
        var speaking = speech.Sum(s => s.Duration);
        var vowels = speech.Count(s => PhonemeInventory.Get(s.Symbol).Class == PhonemeClass.Vowel);
        var phraseStarts = script.Count(s => s.PhraseStart);
        var used = speech.Select(s => s.Symbol).Distinct().Count();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(speaking / 120, Is.InRange(0.4, 0.85), "fraction of time speaking");
            Assert.That(vowels / speaking, Is.InRange(3.0, 7.0), "syllables per second of speech");
            Assert.That(phraseStarts, Is.InRange(10, 60), "phrases in two minutes");
            Assert.That(used, Is.EqualTo(PhonemeInventory.All.Count - 1), "every phoneme occurs");
            Assert.That(speech.Count(s => s.Stress >= 0.9), Is.GreaterThanOrEqualTo(phraseStarts - 2), "about one accent per phrase");
        }
    }

    [Test]
    public void SameSeed_SameScript_DifferentSeed_Different()
    {
        var a = SpeechScriptGenerator.Generate(20, new SeededRandom(7, 1));
        var b = SpeechScriptGenerator.Generate(20, new SeededRandom(7, 1));
        var c = SpeechScriptGenerator.Generate(20, new SeededRandom(8, 1));

        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a));
    }

    [Test]
    public void VeryShortClip_IsOnePause()
    {
        var script = SpeechScriptGenerator.Generate(0.1, new SeededRandom(1, 1));

        Assert.That(script, Is.EqualTo(new[] { new PhonemeSegment("sil", 0, 0.1, 0) }));
    }

    [Test]
    public void BadLength_Throws()
    {
        Assert.That(() => SpeechScriptGenerator.Generate(0, new SeededRandom(1, 1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SpeechScriptGenerator.Generate(double.NaN, new SeededRandom(1, 1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
