namespace Research.Datasets.Synthetic.Animation;

/// <summary>One phoneme (or pause) of the synthetic speech, in seconds from the start of the clip.</summary>
/// <param name="Symbol">ARPAbet-like symbol, or <c>sil</c> for a pause.</param>
/// <param name="Start">Start time in seconds.</param>
/// <param name="End">End time in seconds.</param>
/// <param name="Openness">How open the vocal tract / mouth is for this sound, 0 (closed, e.g. /m/) to 1 (/a/).</param>
public sealed record PhonemeSegment(string Symbol, double Start, double End, double Openness);
