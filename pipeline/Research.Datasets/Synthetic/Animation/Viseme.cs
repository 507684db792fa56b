namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// The mouth shape of one phoneme and how strongly it asserts itself against its neighbours (Cohen and Massaro
/// 1993): per expression a target weight and a dominance magnitude, and how fast the dominance decays before
/// (anticipation) and after (carry-over) the segment.
/// </summary>
public sealed class Viseme
{
    private readonly float[] targets;
    private readonly float[] dominance;

    internal Viseme(string symbol, float[] targets, float[] dominance, double anticipationSeconds, double carryoverSeconds, double roundingAnticipationSeconds)
    {
        Symbol = symbol;
        this.targets = targets;
        this.dominance = dominance;
        AnticipationSeconds = anticipationSeconds;
        CarryoverSeconds = carryoverSeconds;
        RoundingAnticipationSeconds = roundingAnticipationSeconds;
    }

    /// <summary>Phoneme symbol.</summary>
    public string Symbol { get; }

    /// <summary>Time constant of the dominance decay before the segment, in seconds.</summary>
    public double AnticipationSeconds { get; }

    /// <summary>Time constant of the dominance decay after the segment, in seconds.</summary>
    public double CarryoverSeconds { get; }

    /// <summary>Anticipation time constant of <see cref="Expression.Pucker"/> and <see cref="Expression.Funnel"/> (lip rounding starts early).</summary>
    public double RoundingAnticipationSeconds { get; }

    /// <summary>Target weight in [0, 1] of a mouth expression (0 for the others).</summary>
    public float Target(Expression expression) => targets[(int)expression];

    /// <summary>Dominance magnitude of an expression (0 for expressions the mouth does not drive).</summary>
    public float Dominance(Expression expression) => dominance[(int)expression];
}
