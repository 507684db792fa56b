using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// Draws a random English-like phoneme timeline: phrases of 2–6 words, words of 1–3 syllables (CV, CVC or V), one
/// stressed syllable per word and one accented word per phrase, pauses between words and longer ones between
/// phrases.
/// </summary>
/// <remarks>
/// Durations: vowels 80–180 ms (longer when stressed), consonants 50–100 ms, the last syllable of a phrase 20 %
/// longer; pauses 80–300 ms between words and 400–900 ms between phrases; the clip opens with 150–400 ms of silence
/// and ends with at least 150 ms. Segments are contiguous, adjacent pauses merged, and the last one ends exactly at
/// the clip length.
/// </remarks>
public static class SpeechScriptGenerator
{
    private const double TailSilence = 0.15;

    private static readonly Phoneme[] Onsets = [.. PhonemeInventory.Consonants.Where(p => p.Symbol != "NG")];
    private static readonly Phoneme[] Codas = [.. PhonemeInventory.Consonants.Where(p => p.Symbol is not ("W" or "Y"))];

    /// <summary>Generates a timeline covering [0, <paramref name="seconds"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is not positive and finite.</exception>
    public static IReadOnlyList<PhonemeSegment> Generate(double seconds, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(seconds) || seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The clip length must be positive and finite.");
        }

        var segments = new List<PhonemeSegment>();
        var t = 0.0;
        AddSilence(segments, ref t, Math.Min(seconds, random.NextDouble(0.15, 0.4)));
        if (t >= seconds)
        {
            return segments;
        }

        var word = new List<(Phoneme Phoneme, double Duration, double Stress)>();
        while (true)
        {
            var wordCount = 2 + random.NextInt(5);
            var accented = random.NextInt(wordCount);
            for (var w = 0; w < wordCount; w++)
            {
                DrawWord(random, word, accent: w == accented, phraseFinal: w == wordCount - 1);
                var length = word.Sum(p => p.Duration);
                if (t + length > seconds - TailSilence)
                {
                    AddSilence(segments, ref t, seconds);
                    return segments;
                }

                for (var i = 0; i < word.Count; i++)
                {
                    var (phoneme, duration, stress) = word[i];
                    var end = t + duration;
                    segments.Add(new PhonemeSegment(phoneme.Symbol, t, end, phoneme.Openness) { Stress = stress, PhraseStart = w == 0 && i == 0 });
                    t = end;
                }

                AddSilence(segments, ref t, Math.Min(seconds, t + (w < wordCount - 1 ? random.NextDouble(0.08, 0.3) : random.NextDouble(0.4, 0.9))));
                if (t >= seconds)
                {
                    return segments;
                }
            }
        }
    }

    private static void DrawWord(SeededRandom random, List<(Phoneme Phoneme, double Duration, double Stress)> word, bool accent, bool phraseFinal)
    {
        word.Clear();
        var roll = random.NextDouble();
        var syllables = roll < 0.45 ? 1 : roll < 0.8 ? 2 : 3;
        var stressed = random.NextBool(0.7) ? 0 : random.NextInt(syllables);
        Phoneme? previousVowel = null;
        for (var s = 0; s < syllables; s++)
        {
            var stress = s != stressed ? random.NextDouble(0.1, 0.35) : accent ? random.NextDouble(0.9, 1.0) : random.NextDouble(0.55, 0.85);
            var lengthening = phraseFinal && s == syllables - 1 ? 1.2 : 1.0;
            var pattern = random.NextDouble(); // CV 45 %, CVC 35 %, V 20 %
            if (pattern < 0.8)
            {
                word.Add((Onsets[random.NextInt(Onsets.Length)], ConsonantDuration(random) * lengthening, stress));
            }

            // Redraw once on a repeat so consecutive vowels usually differ.
            var vowel = PhonemeInventory.Vowels[random.NextInt(PhonemeInventory.Vowels.Count)];
            if (vowel == previousVowel)
            {
                vowel = PhonemeInventory.Vowels[random.NextInt(PhonemeInventory.Vowels.Count)];
            }

            previousVowel = vowel;
            var vowelDuration = 0.08 + (0.06 * random.NextDouble()) + (0.04 * stress);
            word.Add((vowel, vowelDuration * lengthening, stress));
            if (pattern is >= 0.45 and < 0.8)
            {
                word.Add((Codas[random.NextInt(Codas.Length)], ConsonantDuration(random) * lengthening, stress));
            }
        }
    }

    private static double ConsonantDuration(SeededRandom random) => random.NextDouble(0.05, 0.1);

    // Pauses take an end time rather than a length so the last one ends exactly at the clip length.
    private static void AddSilence(List<PhonemeSegment> segments, ref double t, double end)
    {
        if (end <= t)
        {
            return;
        }

        if (segments.Count > 0 && segments[^1].Symbol == PhonemeInventory.SilenceSymbol)
        {
            segments[^1] = segments[^1] with { End = end };
        }
        else
        {
            segments.Add(new PhonemeSegment(PhonemeInventory.SilenceSymbol, t, end, 0));
        }

        t = end;
    }
}
