using Research.Datasets.Synthetic.Animation;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// Synthesiser control parameters at 1 kHz: per-phoneme targets smoothed forward and backward (zero phase) so
/// formants glide between phonemes and amplitudes rise and fall without clicks.
/// </summary>
internal sealed class SynthesisTracks
{
    // Time constants of the zero-phase smoothing; a step becomes a transition of about three of them.
    private const double FormantTau = 0.012, AmplitudeTau = 0.004, NoiseBandTau = 0.004, PitchTau = 0.04;
    private const double LongPause = 0.35; // a pause at least this long separates phrases for declination

    private SynthesisTracks(int count)
    {
        F1 = new double[count];
        F2 = new double[count];
        F3 = new double[count];
        B1 = new double[count];
        B2 = new double[count];
        B3 = new double[count];
        Voicing = new double[count];
        Aspiration = new double[count];
        Frication = new double[count];
        NoiseCentre = new double[count];
        NoiseBandwidth = new double[count];
        F0 = new double[count];
    }

    public double[] F1 { get; }

    public double[] F2 { get; }

    public double[] F3 { get; }

    public double[] B1 { get; }

    public double[] B2 { get; }

    public double[] B3 { get; }

    public double[] Voicing { get; }

    public double[] Aspiration { get; }

    public double[] Frication { get; }

    public double[] NoiseCentre { get; }

    public double[] NoiseBandwidth { get; }

    public double[] F0 { get; }

    /// <summary>Builds <paramref name="count"/> control points at times k / <paramref name="rate"/>.</summary>
    public static SynthesisTracks Build(IReadOnlyList<PhonemeSegment> segments, Phoneme[] phonemes, int count, double rate, Voice voice, double driftPhase)
    {
        var tracks = new SynthesisTracks(count);
        var phrases = Phrases(segments, phonemes);
        var index = -1;
        var phrase = 0;
        var noiseCentre = 5000.0;
        var noiseBandwidth = 4000.0;
        for (var k = 0; k < count; k++)
        {
            var t = k / rate;
            while (index + 1 < segments.Count && segments[index + 1].Start <= t)
            {
                index++;
            }

            var inside = index >= 0 && t < segments[index].End;
            var segment = inside ? segments[index] : null;
            var phoneme = inside ? phonemes[index] : PhonemeInventory.Silence;
            var stress = segment?.Stress ?? 0;
            var f = phoneme.Formants;
            tracks.F1[k] = f.F1 * voice.FormantScale;
            tracks.F2[k] = f.F2 * voice.FormantScale;
            tracks.F3[k] = f.F3 * voice.FormantScale;
            tracks.B1[k] = f.B1;
            tracks.B2[k] = f.B2;
            tracks.B3[k] = f.B3;

            // Open vowels are intrinsically louder, and stressed syllables louder still.
            var voicing = phoneme.VoicingLevel * (0.75 + (0.25 * stress));
            if (phoneme.Class == PhonemeClass.Vowel)
            {
                voicing *= 0.55 + (0.45 * phoneme.Openness);
            }

            if (phoneme.Class == PhonemeClass.Plosive && !phoneme.Voiced && t >= ReleaseTime(segment!, phoneme))
            {
                tracks.Aspiration[k] = 0.3;
            }

            if (phoneme.Class == PhonemeClass.Fricative)
            {
                tracks.Frication[k] = phoneme.NoiseLevel * (0.8 + (0.2 * stress));
                noiseCentre = phoneme.NoiseCentreHz;
                noiseBandwidth = phoneme.NoiseBandwidthHz;
            }

            tracks.Voicing[k] = voicing;
            tracks.NoiseCentre[k] = noiseCentre;
            tracks.NoiseBandwidth[k] = noiseBandwidth;

            // Accent humps in the pitch (smoothed below); declination is applied after smoothing.
            tracks.F0[k] = segment is null || phoneme.Class == PhonemeClass.Silence ? 0 : voice.AccentRange * stress;
        }

        Smooth(tracks.F1, FormantTau * rate);
        Smooth(tracks.F2, FormantTau * rate);
        Smooth(tracks.F3, FormantTau * rate);
        Smooth(tracks.B1, FormantTau * rate);
        Smooth(tracks.B2, FormantTau * rate);
        Smooth(tracks.B3, FormantTau * rate);
        Smooth(tracks.Voicing, AmplitudeTau * rate);
        Smooth(tracks.Aspiration, AmplitudeTau * rate);
        Smooth(tracks.Frication, AmplitudeTau * rate);
        Smooth(tracks.NoiseCentre, NoiseBandTau * rate);
        Smooth(tracks.NoiseBandwidth, NoiseBandTau * rate);
        Smooth(tracks.F0, PitchTau * rate);

        for (var k = 0; k < count; k++)
        {
            var t = k / rate;
            while (phrase + 1 < phrases.Count && phrases[phrase + 1].Start <= t)
            {
                phrase++;
            }

            // Position in the phrase, held flat in the pauses around it.
            var (start, end) = phrases.Count > 0 ? phrases[phrase] : (0, 1);
            var position = Math.Clamp((t - start) / Math.Max(end - start, 1e-3), 0, 1);
            var declination = 1 + (voice.Declination * (0.5 - position));
            var drift = 1 + (0.02 * Math.Sin((2 * Math.PI * 0.3 * t) + driftPhase));
            tracks.F0[k] = voice.F0Hz * declination * drift * (1 + tracks.F0[k]);
        }

        return tracks;
    }

    /// <summary>When a plosive's closure ends and its burst starts: the last 40 % of it, at most 30 ms (15 ms when voiced).</summary>
    public static double ReleaseTime(PhonemeSegment segment, Phoneme phoneme) => segment.End - Math.Min(0.4 * segment.Duration, phoneme.Voiced ? 0.015 : 0.03);

    // Spans of speech between long pauses (or flagged phrase starts).
    private static List<(double Start, double End)> Phrases(IReadOnlyList<PhonemeSegment> segments, Phoneme[] phonemes)
    {
        var phrases = new List<(double Start, double End)>();
        var lastSpeechEnd = double.NegativeInfinity;
        for (var i = 0; i < segments.Count; i++)
        {
            if (phonemes[i].Class == PhonemeClass.Silence)
            {
                continue;
            }

            var segment = segments[i];
            if (phrases.Count == 0 || segment.PhraseStart || segment.Start - lastSpeechEnd >= LongPause)
            {
                phrases.Add((segment.Start, segment.End));
            }

            phrases[^1] = (phrases[^1].Start, segment.End);
            lastSpeechEnd = segment.End;
        }

        return phrases;
    }

    // Forward then backward one-pole low-pass: a symmetric kernel, so transitions are centred on the boundaries.
    private static void Smooth(double[] values, double tauSteps)
    {
        if (values.Length == 0)
        {
            return;
        }

        var a = Math.Exp(-1 / tauSteps);
        var y = values[0];
        for (var i = 0; i < values.Length; i++)
        {
            y = (a * y) + ((1 - a) * values[i]);
            values[i] = y;
        }

        y = values[^1];
        for (var i = values.Length - 1; i >= 0; i--)
        {
            y = (a * y) + ((1 - a) * values[i]);
            values[i] = y;
        }
    }
}
