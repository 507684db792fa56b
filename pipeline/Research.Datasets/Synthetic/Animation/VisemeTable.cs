using System.Collections.Frozen;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Mouth shapes of every phoneme of <see cref="PhonemeInventory"/>, over the mouth expressions (see
/// <see cref="MouthExpressions"/>), with Cohen–Massaro dominance parameters for <see cref="Coarticulation"/>.
/// </summary>
/// <remarks>
/// Dominance magnitudes: vowels 1 on every mouth channel; P B M 8 on lips part, 4 on jaw and chin raise (the lips
/// must close whatever the context); F V 4 on lips part and upper lip raise; W 3 and SH 2 on rounding; tongue
/// consonants (T D N S Z TH K G NG L Y R) only 0.6 on jaw and lips, 0.2 on lip shape, so those follow the vowels
/// around them; pauses 0.5. Dominance decays with time constants of 35 ms (vowels), 25 ms (consonants) and 60 ms
/// (pauses); rounded sounds anticipate lip rounding with 80 ms.
/// </remarks>
public static class VisemeTable
{
    private const double VowelTau = 0.035, ConsonantTau = 0.025, PauseTau = 0.06, RoundingTau = 0.08;

    /// <summary>The expressions that speech drives, in <see cref="Expression"/> order.</summary>
    public static IReadOnlyList<Expression> MouthExpressions { get; } =
    [
        Expression.JawDrop, Expression.LipsPart, Expression.LipCornerPull, Expression.LipStretch,
        Expression.Pucker, Expression.Funnel, Expression.UpperLipRaise, Expression.ChinRaise,
    ];

    // After MouthExpressions: static initialisers run in text order and Build reads it.
    private static readonly FrozenDictionary<string, Viseme> BySymbol = Build().ToFrozenDictionary(v => v.Symbol, StringComparer.Ordinal);

    /// <summary>The viseme of a phoneme symbol.</summary>
    /// <exception cref="ArgumentException">The symbol is not in <see cref="PhonemeInventory"/>.</exception>
    public static Viseme Get(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return BySymbol.TryGetValue(symbol, out var viseme)
            ? viseme
            : throw new ArgumentException($"No viseme for phoneme symbol '{symbol}'.", nameof(symbol));
    }

    private static IEnumerable<Viseme> Build()
    {
        // Targets:                     jaw    part  corner stretch pucker funnel upper  chin
        yield return Pause(PhonemeInventory.SilenceSymbol, 0.02, 0.05, 0, 0, 0, 0, 0, 0);

        yield return Vowel("AA", 0.90, 1.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00);
        yield return Vowel("AE", 0.75, 1.00, 0.20, 0.30, 0.00, 0.00, 0.10, 0.00);
        yield return Vowel("AO", 0.70, 1.00, 0.00, 0.00, 0.20, 0.40, 0.00, 0.00);
        yield return Vowel("AH", 0.60, 0.90, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00);
        yield return Vowel("EH", 0.55, 0.90, 0.20, 0.30, 0.00, 0.00, 0.05, 0.00);
        yield return Vowel("OW", 0.50, 0.90, 0.00, 0.00, 0.30, 0.70, 0.00, 0.00);
        yield return Vowel("ER", 0.35, 0.70, 0.00, 0.00, 0.20, 0.40, 0.00, 0.00);
        yield return Vowel("IH", 0.35, 0.80, 0.40, 0.30, 0.00, 0.00, 0.00, 0.00);
        yield return Vowel("UH", 0.35, 0.70, 0.00, 0.00, 0.40, 0.30, 0.00, 0.00);
        yield return Vowel("IY", 0.25, 0.70, 0.60, 0.40, 0.00, 0.00, 0.00, 0.00);
        yield return Vowel("UW", 0.20, 0.50, 0.00, 0.00, 0.90, 0.30, 0.00, 0.00);

        foreach (var symbol in new[] { "P", "B", "M" })
        {
            yield return Consonant(symbol, [0.05, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.30], [4, 8, 0.3, 0.3, 0.3, 0.3, 1, 4]);
        }

        foreach (var symbol in new[] { "F", "V" })
        {
            yield return Consonant(symbol, [0.10, 0.30, 0.00, 0.00, 0.00, 0.00, 0.40, 0.10], [2, 4, 0.3, 0.3, 0.3, 0.3, 4, 1]);
        }

        yield return Consonant("TH", [0.15, 0.50, 0.00, 0.10, 0.00, 0.00, 0.00, 0.00], [1, 1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
        foreach (var symbol in new[] { "S", "Z" })
        {
            yield return Consonant(symbol, [0.10, 0.40, 0.20, 0.30, 0.00, 0.00, 0.00, 0.00], [1.5, 0.6, 0.2, 1, 0.2, 0.2, 0.2, 0.2]);
        }

        yield return Consonant("SH", [0.15, 0.50, 0.00, 0.00, 0.30, 0.60, 0.10, 0.00], [1.5, 0.6, 0.5, 0.5, 1.5, 2, 0.5, 0.2], RoundingTau);
        foreach (var symbol in new[] { "T", "D", "N" })
        {
            yield return Consonant(symbol, [0.15, 0.45, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00], Lingual);
        }

        foreach (var symbol in new[] { "K", "G", "NG" })
        {
            yield return Consonant(symbol, [0.25, 0.50, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00], Lingual);
        }

        yield return Consonant("L", [0.30, 0.60, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00], Lingual);
        yield return Consonant("R", [0.20, 0.50, 0.00, 0.00, 0.30, 0.30, 0.00, 0.00], [0.6, 0.6, 0.2, 0.2, 1.5, 1.5, 0.2, 0.2], RoundingTau);
        yield return Consonant("W", [0.10, 0.30, 0.00, 0.00, 0.90, 0.40, 0.00, 0.00], [1, 2, 1, 1, 3, 3, 0.2, 0.2], RoundingTau);
        yield return Consonant("Y", [0.15, 0.50, 0.40, 0.30, 0.00, 0.00, 0.00, 0.00], [0.6, 0.6, 1, 1, 0.2, 0.2, 0.2, 0.2]);
    }

    private static double[] Lingual => [0.6, 0.6, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];

    private static Viseme Vowel(string symbol, params double[] targets)
    {
        var rounded = PhonemeInventory.Get(symbol).Rounding > 0;
        return Create(symbol, targets, [1, 1, 1, 1, 1, 1, 1, 1], VowelTau, VowelTau, rounded ? RoundingTau : VowelTau);
    }

    private static Viseme Consonant(string symbol, double[] targets, double[] dominance, double roundingTau = ConsonantTau) =>
        Create(symbol, targets, dominance, ConsonantTau, ConsonantTau, roundingTau);

    private static Viseme Pause(string symbol, params double[] targets) =>
        Create(symbol, targets, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], PauseTau, PauseTau, PauseTau);

    private static Viseme Create(string symbol, double[] mouthTargets, double[] mouthDominance, double anticipation, double carryover, double rounding)
    {
        var targets = new float[Performance.ExpressionCount];
        var dominance = new float[Performance.ExpressionCount];
        for (var m = 0; m < MouthExpressions.Count; m++)
        {
            targets[(int)MouthExpressions[m]] = (float)mouthTargets[m];
            dominance[(int)MouthExpressions[m]] = (float)mouthDominance[m];
        }

        return new Viseme(symbol, targets, dominance, anticipation, carryover, rounding);
    }
}
