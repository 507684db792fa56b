namespace Research.Datasets.Synthetic.Animation;

/// <summary>One phoneme (or pause) of the synthetic speech, in seconds from the start of the clip.</summary>
/// <param name="Symbol">ARPAbet-like symbol, or <c>sil</c> for a pause.</param>
/// <param name="Start">Start time in seconds.</param>
/// <param name="End">End time in seconds.</param>
/// <param name="Openness">How open the vocal tract / mouth is for this sound, 0 (closed, e.g. /m/) to 1 (/a/).</param>
public sealed record PhonemeSegment(string Symbol, double Start, double End, double Openness)
{
    /// <summary>
    /// Prominence of the syllable this phoneme belongs to, 0 (unstressed) to 1 (phrase accent); 0 for pauses.
    /// Raises pitch and loudness in the audio and drives nods and brow raises.
    /// </summary>
    public double Stress { get; init; }

    /// <summary>True for the first phoneme of a phrase (after a long pause or at the start of the clip).</summary>
    public bool PhraseStart { get; init; }

    /// <summary>Duration in seconds.</summary>
    public double Duration => End - Start;

    /// <summary>Time of the segment's middle in seconds.</summary>
    public double Centre => 0.5 * (Start + End);
}
