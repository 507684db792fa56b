using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>Speaker parameters of the source–filter synthesiser. The defaults are an average adult male voice.</summary>
public sealed record Voice
{
    /// <summary>Mean fundamental frequency in Hz (50–400; speakers drawn by <see cref="FromSeed"/> lie in 100–220).</summary>
    public double F0Hz { get; init; } = 120;

    /// <summary>Multiplies every formant frequency: 1 for an adult male vocal tract, about 1.15 for a female one (0.8–1.3).</summary>
    public double FormantScale { get; init; } = 1;

    /// <summary>Pitch rise of a fully stressed syllable as a fraction of F0 (0–0.5).</summary>
    public double AccentRange { get; init; } = 0.12;

    /// <summary>Relative fall of F0 over a phrase (declination, 0–0.5).</summary>
    public double Declination { get; init; } = 0.18;

    /// <summary>Standard deviation of the period-to-period F0 change as a fraction (0–0.05).</summary>
    public double Jitter { get; init; } = 0.005;

    /// <summary>Standard deviation of the period-to-period amplitude change as a fraction (0–0.3).</summary>
    public double Shimmer { get; init; } = 0.03;

    /// <summary>Aspiration noise mixed into voicing, relative to the voicing (0–0.5).</summary>
    public double Breathiness { get; init; } = 0.03;

    /// <summary>
    /// A speaker drawn from an identity seed: F0 uniform in 100–220 Hz, with formants scaled up with pitch (higher
    /// voices tend to have shorter vocal tracts) and small per-speaker prosody and voice-quality differences.
    /// </summary>
    public static Voice FromSeed(long identitySeed)
    {
        var random = new SeededRandom(identitySeed, 0x766F696365UL); // "voice"
        var height = random.NextDouble();
        return new Voice
        {
            F0Hz = 100 + (120 * height),
            FormantScale = Math.Clamp(0.98 + (0.17 * height) + random.NextDouble(-0.03, 0.03), 0.95, 1.2),
            AccentRange = random.NextDouble(0.08, 0.18),
            Declination = random.NextDouble(0.1, 0.25),
            Jitter = random.NextDouble(0.003, 0.008),
            Shimmer = random.NextDouble(0.02, 0.05),
            Breathiness = random.NextDouble(0.01, 0.06),
        };
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a parameter is outside its documented range.</summary>
    public void Validate()
    {
        Check(F0Hz, 50, 400, nameof(F0Hz));
        Check(FormantScale, 0.8, 1.3, nameof(FormantScale));
        Check(AccentRange, 0, 0.5, nameof(AccentRange));
        Check(Declination, 0, 0.5, nameof(Declination));
        Check(Jitter, 0, 0.05, nameof(Jitter));
        Check(Shimmer, 0, 0.3, nameof(Shimmer));
        Check(Breathiness, 0, 0.5, nameof(Breathiness));
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Voice.{name} must be in [{min}, {max}].");
        }
    }
}
