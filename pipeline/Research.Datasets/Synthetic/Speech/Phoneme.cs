namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// One sound of the synthetic speech: its acoustic targets for the source–filter synthesiser and the articulatory
/// values the face follows. Consonant formants are loci, the values the formants move towards at the consonant.
/// </summary>
public sealed record Phoneme
{
    /// <summary>ARPAbet symbol, or <c>sil</c>.</summary>
    public required string Symbol { get; init; }

    /// <summary>Manner class.</summary>
    public required PhonemeClass Class { get; init; }

    /// <summary>Place of articulation (<see cref="ArticulationPlace.None"/> for vowels and pauses).</summary>
    public ArticulationPlace Place { get; init; }

    /// <summary>Whether the vocal folds vibrate.</summary>
    public bool Voiced { get; init; }

    /// <summary>Formant targets (vowels) or loci (consonants).</summary>
    public required FormantSet Formants { get; init; }

    /// <summary>Mouth / vocal-tract openness, 0 (lips closed) to 1 (/a/).</summary>
    public double Openness { get; init; }

    /// <summary>Lip rounding, 0 to 1.</summary>
    public double Rounding { get; init; }

    /// <summary>Lip spreading, 0 to 1.</summary>
    public double Spreading { get; init; }

    /// <summary>Voicing amplitude relative to a vowel (0 for voiceless sounds).</summary>
    public double VoicingLevel { get; init; }

    /// <summary>Frication (fricatives) or burst (plosives) amplitude; 0 for sounds without noise.</summary>
    public double NoiseLevel { get; init; }

    /// <summary>Centre of the noise band in Hz.</summary>
    public double NoiseCentreHz { get; init; }

    /// <summary>Width of the noise band in Hz.</summary>
    public double NoiseBandwidthHz { get; init; }

    /// <summary>True for P, B and M, whose lips must close whatever the neighbours do.</summary>
    public bool ClosesLips => Place == ArticulationPlace.Bilabial;
}
