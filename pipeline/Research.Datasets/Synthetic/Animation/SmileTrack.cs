using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Smile moments: every 4 s plus an exponential of mean 8 s, a smile of strength 0.2–0.6 builds over 0.3–0.5 s,
/// holds 0.8–2.5 s and fades over 0.5–0.8 s. It pulls the lip corners and raises the cheeks and tightens the lids
/// (AU6 + AU7 with AU12, a Duchenne smile).
/// </summary>
internal sealed class SmileTrack
{
    private readonly PulseTrain smiles = new();

    public SmileTrack(double seconds, SeededRandom random)
    {
        var t = random.NextDouble(1, 10);
        while (t < seconds)
        {
            smiles.Add(t, random.NextDouble(0.3, 0.5), random.NextDouble(0.8, 2.5), random.NextDouble(0.5, 0.8), random.NextDouble(0.2, 0.6));
            t += 4 + random.NextExponential(8);
        }
    }

    /// <summary>Smile strength in [0, 1] at time t.</summary>
    public double Strength(double t) => smiles.Value(t);
}
