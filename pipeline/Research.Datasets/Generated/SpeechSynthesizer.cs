namespace Research.Datasets.Generated;

/// <summary>
/// Additive vowel synthesis: a harmonic series at F0 with a 1/k glottal-plus-radiation tilt, each harmonic
/// weighted by the vowel's formant response, under the syllable envelope. Band-limited by construction.
/// </summary>
internal static class SpeechSynthesizer
{
    private const int Block = 16; // harmonic weights are recomputed every 16 samples and interpolated between
    private const double MaxHarmonicHz = 5000;
    private const double NoiseFloor = 0.004; // relative to the voiced peak; keeps pauses from being digital zero
    private const float Peak = 0.8f;

    /// <summary>Renders the script to mono samples peak-normalised to 0.8.</summary>
    public static float[] Synthesize(SpeechScript script, int sampleCount, int sampleRate, SplitMix64 voiceRandom, SplitMix64 noiseRandom)
    {
        var speakerF0 = voiceRandom.NextDouble(110, 220);
        var slowRate = voiceRandom.NextDouble(0.2, 0.45);
        var slowPhase = voiceRandom.NextDouble(0, 2 * Math.PI);
        var fastRate = voiceRandom.NextDouble(1.0, 1.8);
        var fastPhase = voiceRandom.NextDouble(0, 2 * Math.PI);
        var maxHarmonics = (int)(Math.Min(MaxHarmonicHz, 0.45 * sampleRate) / 80) + 1;
        var amplitudes = new double[maxHarmonics + 1];
        var previousAmplitudes = new double[maxHarmonics + 1];
        var blockAmplitudes = new double[maxHarmonics + 1];
        Syllable? previousSyllable = null;

        var voiced = new double[sampleCount];
        var phase = 0.0;
        var index = 0;
        var syllables = script.Syllables;
        for (var start = 0; start < sampleCount; start += Block)
        {
            var blockTime = (double)start / sampleRate;
            while (index < syllables.Count && syllables[index].End <= blockTime)
            {
                index++;
            }

            // Phrase-level pitch contour: two slow sinusoids, plus the syllable's own accent.
            var contour = 1 + (0.06 * Math.Sin((2 * Math.PI * slowRate * blockTime) + slowPhase))
                + (0.03 * Math.Sin((2 * Math.PI * fastRate * blockTime) + fastPhase));
            var syllable = index < syllables.Count ? syllables[index] : null;
            var f0 = speakerF0 * contour * (syllable?.PitchScale ?? 1);
            (previousAmplitudes, amplitudes) = (amplitudes, previousAmplitudes);
            Array.Clear(amplitudes);
            if (syllable is not null)
            {
                FillAmplitudes(syllable, f0, sampleRate, amplitudes);
            }

            // A new syllable starts from its own weights rather than fading in from the last one's.
            if (!ReferenceEquals(syllable, previousSyllable))
            {
                amplitudes.AsSpan().CopyTo(previousAmplitudes);
                previousSyllable = syllable;
            }

            var end = Math.Min(sampleCount, start + Block);
            for (var n = start; n < end; n++)
            {
                phase += 2 * Math.PI * f0 / sampleRate;
                if (phase > 2 * Math.PI)
                {
                    phase -= 2 * Math.PI;
                }

                var envelope = syllable?.Envelope((double)n / sampleRate) ?? 0;
                if (envelope == 0)
                {
                    continue;
                }

                // Weights glide linearly across the block so pitch and level changes do not click.
                var blend = (double)(n - start) / Block;
                for (var k = 1; k <= maxHarmonics; k++)
                {
                    blockAmplitudes[k] = previousAmplitudes[k] + ((amplitudes[k] - previousAmplitudes[k]) * blend);
                }

                // sin(kφ) by the Chebyshev recurrence: one sin/cos per sample instead of one per harmonic.
                var twoCos = 2 * Math.Cos(phase);
                var previous = 0.0;
                var current = Math.Sin(phase);
                var sum = 0.0;
                for (var k = 1; k <= maxHarmonics; k++)
                {
                    sum += blockAmplitudes[k] * current;
                    var next = (twoCos * current) - previous;
                    previous = current;
                    current = next;
                }

                voiced[n] = envelope * sum;
            }
        }

        var peak = MaxAbs(voiced);
        var scale = peak > 0 ? 1 / peak : 1;
        var mixed = new double[sampleCount];
        for (var n = 0; n < sampleCount; n++)
        {
            // Triangular noise (sum of two uniforms) as a quiet room tone.
            var noise = noiseRandom.NextDouble() - noiseRandom.NextDouble();
            mixed[n] = (voiced[n] * scale) + (NoiseFloor * noise);
        }

        var mixedPeak = MaxAbs(mixed);
        var samples = new float[sampleCount];
        for (var n = 0; n < sampleCount; n++)
        {
            samples[n] = (float)(mixed[n] * Peak / mixedPeak);
        }

        return samples;
    }

    // Harmonic weights for one block, scaled so every syllable has the same RMS before its loudness factor.
    // Harmonics fade out over the top fifth of the band so none pops in or out as F0 moves.
    private static void FillAmplitudes(Syllable syllable, double f0, int sampleRate, double[] amplitudes)
    {
        var limit = Math.Min(MaxHarmonicHz, 0.45 * sampleRate);
        var count = Math.Min(amplitudes.Length - 1, (int)(limit / f0));
        var power = 0.0;
        for (var k = 1; k <= count; k++)
        {
            var frequency = k * f0;
            var taper = Math.Clamp((limit - frequency) / (0.2 * limit), 0, 1);
            var a = taper * syllable.Vowel.FormantGain(frequency) / k;
            amplitudes[k] = a;
            power += 0.5 * a * a;
        }

        // Open vowels are intrinsically louder in speech; keep that cue, as lips track it.
        var loudness = syllable.Stress * (0.45 + (0.55 * syllable.Vowel.Openness));
        var gain = power > 0 ? loudness / Math.Sqrt(power) : 0;
        for (var k = 1; k <= count; k++)
        {
            amplitudes[k] *= gain;
        }
    }

    private static double MaxAbs(double[] values)
    {
        var peak = 0.0;
        foreach (var v in values)
        {
            peak = Math.Max(peak, Math.Abs(v));
        }

        return peak;
    }
}
