namespace Research.Datasets.Generated;

/// <summary>A vowel: how wide it opens the mouth and where its first three formants (resonances) lie.</summary>
/// <remarks>Formants are the adult-male averages of Peterson and Barney (1952); bandwidths are typical values.</remarks>
internal sealed record Vowel(char Symbol, double Openness, double F1, double F2, double F3)
{
    /// <summary>Formant bandwidths in Hz (F1, F2, F3).</summary>
    public const double B1 = 80, B2 = 100, B3 = 140;

    /// <summary>The five vowels the generator speaks, from open to closed.</summary>
    public static IReadOnlyList<Vowel> All { get; } =
    [
        new('a', 1.0, 730, 1090, 2440),
        new('o', 0.7, 570, 840, 2410),
        new('e', 0.5, 530, 1840, 2480),
        new('i', 0.3, 270, 2290, 3010),
        new('u', 0.2, 300, 870, 2240),
    ];

    /// <summary>Magnitude response of the three cascaded formant resonators at a frequency (1 at DC).</summary>
    public double FormantGain(double frequencyHz) =>
        Resonance(frequencyHz, F1, B1) * Resonance(frequencyHz, F2, B2) * Resonance(frequencyHz, F3, B3);

    // Second-order resonator |H(f)| normalised to 1 at DC; peaks near F with gain ≈ F / B.
    private static double Resonance(double f, double centre, double bandwidth)
    {
        var ratio = f / centre;
        var a = 1 - (ratio * ratio);
        var b = f * bandwidth / (centre * centre);
        return 1 / Math.Sqrt((a * a) + (b * b));
    }
}
