using System.Collections.Frozen;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// The small English-like ARPAbet subset the synthetic speaker uses. Vowel formants are adult male averages after
/// Peterson &amp; Barney (1952) and Hillenbrand et al. (1995) (/u/ takes an F2 between the two, 950 Hz); consonant
/// formants are loci.
/// </summary>
public static class PhonemeInventory
{
    /// <summary>Symbol of a pause.</summary>
    public const string SilenceSymbol = "sil";

    private static readonly FrozenDictionary<string, Phoneme> BySymbol;

    static PhonemeInventory()
    {
        Silence = new Phoneme { Symbol = SilenceSymbol, Class = PhonemeClass.Silence, Formants = new(500, 1500, 2500, 80, 90, 150) };
        Vowels =
        [
            Vowel("AA", 730, 1090, 2440, openness: 1.00),
            Vowel("AE", 660, 1720, 2410, openness: 0.85, spreading: 0.3),
            Vowel("AO", 570, 840, 2410, openness: 0.80, rounding: 0.5),
            Vowel("AH", 620, 1220, 2550, openness: 0.70),
            Vowel("EH", 530, 1840, 2480, openness: 0.65, spreading: 0.3),
            Vowel("OW", 500, 900, 2450, openness: 0.60, rounding: 0.8),
            Vowel("ER", 490, 1350, 1690, openness: 0.45, rounding: 0.3),
            Vowel("IH", 390, 1990, 2550, openness: 0.45, spreading: 0.5),
            Vowel("UH", 440, 1020, 2240, openness: 0.40, rounding: 0.5),
            Vowel("IY", 270, 2290, 3010, openness: 0.30, spreading: 0.8),
            Vowel("UW", 300, 950, 2240, openness: 0.25, rounding: 1.0),
        ];

        Consonants =
        [
            Plosive("P", ArticulationPlace.Bilabial, voiced: false, new(250, 900, 2200, 80, 100, 150), 0.00, burst: (0.5, 1000, 1600)),
            Plosive("B", ArticulationPlace.Bilabial, voiced: true, new(250, 900, 2200, 80, 100, 150), 0.00, burst: (0.3, 1000, 1600)),
            Plosive("T", ArticulationPlace.Alveolar, voiced: false, new(300, 1700, 2600, 80, 100, 150), 0.15, burst: (0.8, 4500, 3000)),
            Plosive("D", ArticulationPlace.Alveolar, voiced: true, new(300, 1700, 2600, 80, 100, 150), 0.15, burst: (0.5, 4500, 3000)),
            Plosive("K", ArticulationPlace.Velar, voiced: false, new(300, 2000, 2500, 80, 100, 150), 0.20, burst: (0.7, 2200, 1200)),
            Plosive("G", ArticulationPlace.Velar, voiced: true, new(300, 2000, 2500, 80, 100, 150), 0.20, burst: (0.45, 2200, 1200)),
            Fricative("F", ArticulationPlace.Labiodental, voiced: false, new(300, 1100, 2300, 100, 120, 200), 0.10, noise: (0.18, 5000, 5000)),
            Fricative("V", ArticulationPlace.Labiodental, voiced: true, new(300, 1100, 2300, 100, 120, 200), 0.10, noise: (0.12, 5000, 5000)),
            Fricative("TH", ArticulationPlace.Dental, voiced: false, new(300, 1400, 2500, 100, 120, 200), 0.15, noise: (0.15, 5500, 5000)),
            Fricative("S", ArticulationPlace.Alveolar, voiced: false, new(300, 1700, 2600, 100, 120, 200), 0.10, noise: (0.45, 6000, 2400)),
            Fricative("Z", ArticulationPlace.Alveolar, voiced: true, new(300, 1700, 2600, 100, 120, 200), 0.10, noise: (0.3, 6000, 2400)),
            Fricative("SH", ArticulationPlace.Postalveolar, voiced: false, new(300, 1800, 2400, 100, 120, 200), 0.15, noise: (0.45, 3200, 2000), rounding: 0.5),
            Nasal("M", ArticulationPlace.Bilabial, new(250, 1100, 2200, 100, 300, 300), 0.00),
            Nasal("N", ArticulationPlace.Alveolar, new(250, 1600, 2500, 100, 300, 300), 0.15),
            Nasal("NG", ArticulationPlace.Velar, new(250, 2000, 2600, 100, 300, 300), 0.20),
            Approximant("L", ArticulationPlace.Alveolar, new(360, 1300, 2900, 90, 120, 200), 0.35),
            Approximant("R", ArticulationPlace.Postalveolar, new(420, 1300, 1600, 90, 120, 150), 0.30, rounding: 0.4),
            Approximant("W", ArticulationPlace.LabialVelar, new(300, 700, 2200, 90, 120, 200), 0.15, rounding: 0.9),
            Approximant("Y", ArticulationPlace.Palatal, new(280, 2200, 3000, 90, 120, 200), 0.20, spreading: 0.5),
        ];

        All = [Silence, .. Vowels, .. Consonants];
        BySymbol = All.ToFrozenDictionary(p => p.Symbol, StringComparer.Ordinal);
    }

    /// <summary>The pause.</summary>
    public static Phoneme Silence { get; }

    /// <summary>Vowels, most open first.</summary>
    public static IReadOnlyList<Phoneme> Vowels { get; }

    /// <summary>Plosives, fricatives, nasals and approximants.</summary>
    public static IReadOnlyList<Phoneme> Consonants { get; }

    /// <summary>Every phoneme including <see cref="Silence"/>.</summary>
    public static IReadOnlyList<Phoneme> All { get; }

    /// <summary>The phoneme with this symbol (case-sensitive).</summary>
    /// <exception cref="ArgumentException">The symbol is not in the inventory.</exception>
    public static Phoneme Get(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return BySymbol.TryGetValue(symbol, out var phoneme)
            ? phoneme
            : throw new ArgumentException($"Unknown phoneme symbol '{symbol}'; known: {string.Join(' ', All.Select(p => p.Symbol))}.", nameof(symbol));
    }

    /// <summary>Looks a symbol up without throwing.</summary>
    public static bool TryGet(string symbol, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Phoneme phoneme) =>
        BySymbol.TryGetValue(symbol, out phoneme);

    private static Phoneme Vowel(string symbol, double f1, double f2, double f3, double openness, double rounding = 0, double spreading = 0) => new()
    {
        Symbol = symbol,
        Class = PhonemeClass.Vowel,
        Voiced = true,
        Formants = new(f1, f2, f3, 40 + (0.06 * f1), 50 + (0.03 * f2), 150), // bandwidths widen with frequency, as in natural vowels
        Openness = openness,
        Rounding = rounding,
        Spreading = spreading,
        VoicingLevel = 1,
    };

    private static Phoneme Plosive(string symbol, ArticulationPlace place, bool voiced, FormantSet loci, double openness, (double Level, double Centre, double Width) burst) => new()
    {
        Symbol = symbol,
        Class = PhonemeClass.Plosive,
        Place = place,
        Voiced = voiced,
        Formants = loci,
        Openness = openness,
        VoicingLevel = voiced ? 0.12 : 0, // a weak voice bar during the closure
        NoiseLevel = burst.Level,
        NoiseCentreHz = burst.Centre,
        NoiseBandwidthHz = burst.Width,
    };

    private static Phoneme Fricative(string symbol, ArticulationPlace place, bool voiced, FormantSet loci, double openness, (double Level, double Centre, double Width) noise, double rounding = 0) => new()
    {
        Symbol = symbol,
        Class = PhonemeClass.Fricative,
        Place = place,
        Voiced = voiced,
        Formants = loci,
        Openness = openness,
        Rounding = rounding,
        VoicingLevel = voiced ? 0.3 : 0,
        NoiseLevel = noise.Level,
        NoiseCentreHz = noise.Centre,
        NoiseBandwidthHz = noise.Width,
    };

    private static Phoneme Nasal(string symbol, ArticulationPlace place, FormantSet formants, double openness) => new()
    {
        Symbol = symbol,
        Class = PhonemeClass.Nasal,
        Place = place,
        Voiced = true,
        Formants = formants,
        Openness = openness,
        VoicingLevel = 0.35,
    };

    private static Phoneme Approximant(string symbol, ArticulationPlace place, FormantSet formants, double openness, double rounding = 0, double spreading = 0) => new()
    {
        Symbol = symbol,
        Class = PhonemeClass.Approximant,
        Place = place,
        Voiced = true,
        Formants = formants,
        Openness = openness,
        Rounding = rounding,
        Spreading = spreading,
        VoicingLevel = 0.6,
    };
}
