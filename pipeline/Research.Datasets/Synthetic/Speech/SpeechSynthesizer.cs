using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Randomness;
using Research.Media.Audio;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// Source–filter speech synthesis at 16 kHz mono from a phoneme timeline, in the manner of Klatt (1980): a
/// Rosenberg glottal pulse train with jitter, shimmer, declination and pitch accents drives a cascade of five
/// formant resonators (F1–F3 follow the phonemes, F4–F5 are fixed); band-pass noise makes fricatives, short noise
/// bursts make plosive releases, and aspiration noise enters the cascade after voiceless releases.
/// </summary>
/// <remarks>
/// Control parameters are computed every millisecond and smoothed with zero phase, so formant transitions and
/// amplitude ramps are centred on the phoneme boundaries (see <see cref="SynthesisTracks"/>); amplitudes are
/// interpolated per sample. Pauses carry only a noise floor about 70 dB below the peak. The result is scaled to a
/// peak of <see cref="PeakLevel"/> (−3 dBFS) unless the timeline is all pauses. Equal inputs give identical samples.
/// </remarks>
public static class SpeechSynthesizer
{
    /// <summary>Output sample rate in Hz.</summary>
    public const int SampleRate = 16000;

    /// <summary>Peak sample magnitude of the output, −3 dBFS.</summary>
    public const float PeakLevel = 0.70794576f;

    private const int Block = 16; // control period: 1 ms
    private const double NoiseFloor = 3e-4;
    private const double FricationGain = 3.0, BurstGain = 4.0, BurstTau = 0.004;
    private const double F4 = 3300, B4 = 250, F5 = 3850, B5 = 300;
    private const ulong GlottalStream = 1, NoiseStream = 2, FloorStream = 3;

    /// <summary>Number of samples of a clip of <paramref name="seconds"/>: round(seconds × 16000), halves away from zero.</summary>
    public static int SampleCount(double seconds) => (int)Math.Round(seconds * SampleRate, MidpointRounding.AwayFromZero);

    /// <summary>Synthesises <see cref="SampleCount"/>(<paramref name="seconds"/>) samples of the timeline.</summary>
    /// <param name="phonemes">Segments sorted by start, not overlapping; gaps and time past the last segment are pauses.</param>
    /// <param name="seconds">Clip length.</param>
    /// <param name="voice">Speaker parameters.</param>
    /// <param name="random">Source of jitter, shimmer and noise; the clip depends only on its stream.</param>
    /// <exception cref="ArgumentException">A segment has an unknown symbol, bad times, or is out of order.</exception>
    public static AudioClip Synthesize(IReadOnlyList<PhonemeSegment> phonemes, double seconds, Voice voice, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(phonemes);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(random);
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The clip length must be positive, finite and at most a day.");
        }

        voice.Validate();
        var resolved = Resolve(phonemes);
        var sampleCount = SampleCount(seconds);
        var glottalRandom = new SeededRandom(unchecked((long)random.NextUInt64()), GlottalStream);
        var noise = new SeededRandom(unchecked((long)random.NextUInt64()), NoiseStream);
        var floor = new SeededRandom(unchecked((long)random.NextUInt64()), FloorStream);
        var driftPhase = random.NextDouble(0, 2 * Math.PI);

        var controlCount = (sampleCount / Block) + 2;
        var tracks = SynthesisTracks.Build(phonemes, resolved, controlCount, (double)SampleRate / Block, voice, driftPhase);
        var bursts = Bursts(phonemes, resolved);
        var speech = Render(tracks, bursts, sampleCount, voice, new GlottalSource(SampleRate, voice.Jitter, voice.Shimmer, glottalRandom), noise);

        var peak = 0.0;
        foreach (var s in speech)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        // Triangular noise floor so pauses are a quiet room rather than digital zero.
        var scale = peak > 1e-9 ? PeakLevel / peak : 0;
        var mixed = new double[sampleCount];
        var mixedPeak = 0.0;
        for (var n = 0; n < sampleCount; n++)
        {
            mixed[n] = (speech[n] * scale) + (NoiseFloor * (floor.NextDouble() - floor.NextDouble()));
            mixedPeak = Math.Max(mixedPeak, Math.Abs(mixed[n]));
        }

        var finalScale = peak > 1e-9 ? PeakLevel / mixedPeak : 1;
        var samples = new float[sampleCount];
        for (var n = 0; n < sampleCount; n++)
        {
            samples[n] = (float)(mixed[n] * finalScale);
        }

        return new AudioClip(SampleRate, 1, samples);
    }

    private static double[] Render(SynthesisTracks tracks, List<Burst> bursts, int sampleCount, Voice voice, GlottalSource glottis, SeededRandom noise)
    {
        var output = new double[sampleCount];
        Resonator r1 = default, r2 = default, r3 = default, r4 = default, r5 = default;
        r4.Tune(F4 * voice.FormantScale, B4, SampleRate);
        r5.Tune(F5 * voice.FormantScale, B5, SampleRate);
        BandPass frication = default, burstFilter = default;
        var burstIndex = 0;
        var burstStart = int.MaxValue;
        var burstLevel = 0.0;
        var burstDecay = Math.Exp(-1 / (BurstTau * SampleRate));
        var burstEnvelope = 0.0;
        for (var block = 0; block * Block < sampleCount; block++)
        {
            r1.Tune(tracks.F1[block], tracks.B1[block], SampleRate);
            r2.Tune(tracks.F2[block], tracks.B2[block], SampleRate);
            r3.Tune(tracks.F3[block], tracks.B3[block], SampleRate);
            frication.Tune(tracks.NoiseCentre[block], tracks.NoiseBandwidth[block], SampleRate);
            var end = Math.Min(sampleCount, (block + 1) * Block);
            for (var n = block * Block; n < end; n++)
            {
                var fraction = (double)(n - (block * Block)) / Block;
                var voicing = Lerp(tracks.Voicing, block, fraction);
                var aspiration = Lerp(tracks.Aspiration, block, fraction);
                var fricationLevel = Lerp(tracks.Frication, block, fraction);
                var f0 = Lerp(tracks.F0, block, fraction);

                var source = glottis.Next(f0);
                var white = (2 * noise.NextDouble()) - 1;
                var excitation = (voicing * (source + (voice.Breathiness * white))) + (aspiration * white);
                var voiced = r5.Process(r4.Process(r3.Process(r2.Process(r1.Process(excitation)))));

                var white2 = (2 * noise.NextDouble()) - 1;
                var fricated = fricationLevel * FricationGain * frication.Process(white2);

                if (burstIndex < bursts.Count && n >= bursts[burstIndex].Sample)
                {
                    var burst = bursts[burstIndex++];
                    burstFilter.Tune(burst.Centre, burst.Bandwidth, SampleRate);
                    burstStart = n;
                    burstLevel = burst.Level;
                    burstEnvelope = 1;
                }

                var released = 0.0;
                if (n >= burstStart && burstEnvelope > 1e-4)
                {
                    released = burstLevel * BurstGain * burstEnvelope * burstFilter.Process(white2);
                    burstEnvelope *= burstDecay;
                }

                output[n] = voiced + fricated + released;
            }
        }

        return output;
    }

    private static double Lerp(double[] track, int index, double fraction) => track[index] + ((track[index + 1] - track[index]) * fraction);

    private static List<Burst> Bursts(IReadOnlyList<PhonemeSegment> segments, Phoneme[] phonemes)
    {
        var bursts = new List<Burst>();
        for (var i = 0; i < segments.Count; i++)
        {
            var phoneme = phonemes[i];
            if (phoneme.Class == PhonemeClass.Plosive)
            {
                var release = SynthesisTracks.ReleaseTime(segments[i], phoneme);
                var level = phoneme.NoiseLevel * (0.8 + (0.2 * segments[i].Stress));
                bursts.Add(new Burst((int)Math.Round(release * SampleRate, MidpointRounding.AwayFromZero), level, phoneme.NoiseCentreHz, phoneme.NoiseBandwidthHz));
            }
        }

        return bursts;
    }

    private static Phoneme[] Resolve(IReadOnlyList<PhonemeSegment> segments)
    {
        var phonemes = new Phoneme[segments.Count];
        var previousEnd = double.NegativeInfinity;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i] ?? throw new ArgumentException($"Phoneme segment {i} is null.", nameof(segments));
            if (!PhonemeInventory.TryGet(segment.Symbol, out var phoneme))
            {
                throw new ArgumentException($"Phoneme segment {i} has unknown symbol '{segment.Symbol}'.", nameof(segments));
            }

            if (!double.IsFinite(segment.Start) || !double.IsFinite(segment.End) || segment.End < segment.Start)
            {
                throw new ArgumentException($"Phoneme segment {i} ('{segment.Symbol}') has invalid times [{segment.Start}, {segment.End}].", nameof(segments));
            }

            if (segment.Start < previousEnd - 1e-9)
            {
                throw new ArgumentException($"Phoneme segment {i} ('{segment.Symbol}') starts at {segment.Start} s, before the previous one ends ({previousEnd} s).", nameof(segments));
            }

            previousEnd = segment.End;
            phonemes[i] = phoneme;
        }

        return phonemes;
    }

    private readonly record struct Burst(int Sample, double Level, double Centre, double Bandwidth);
}
