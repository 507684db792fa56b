namespace Research.Datasets.Generated;

/// <summary>One voiced syllable of the generated speech, in seconds from the clip start.</summary>
internal sealed record Syllable(double Start, double End, Vowel Vowel, double Stress, double PitchScale)
{
    /// <summary>Raised-cosine attack length, seconds.</summary>
    private double Attack => Math.Min(0.03, (End - Start) / 4);

    /// <summary>Raised-cosine release length, seconds (longer than the attack, as in speech).</summary>
    private double Release => Math.Min(0.06, (End - Start) / 3);

    /// <summary>Amplitude envelope in [0, 1] at time t (0 outside the syllable).</summary>
    public double Envelope(double t)
    {
        if (t <= Start || t >= End)
        {
            return 0;
        }

        if (t < Start + Attack)
        {
            return 0.5 - (0.5 * Math.Cos(Math.PI * (t - Start) / Attack));
        }

        if (t > End - Release)
        {
            return 0.5 - (0.5 * Math.Cos(Math.PI * (End - t) / Release));
        }

        return 1;
    }
}
