namespace Research.Datasets.Generated;

/// <summary>
/// Blinks and head bob, each from its own random stream so that neither depends on the speech: the only
/// audio-predictable motion is the mouth.
/// </summary>
internal sealed class FaceMotion
{
    private const double BlinkLength = 0.15; // seconds, closing plus opening
    private readonly List<double> blinkStarts = [];
    private readonly double[] bobRates = new double[4];
    private readonly double[] bobPhases = new double[4];
    private readonly double bobAmplitude;

    /// <summary>Draws blink times over the clip and the head-bob oscillators (<paramref name="bobAmplitude"/> in pixels).</summary>
    public FaceMotion(double duration, double bobAmplitude, SplitMix64 blinkRandom, SplitMix64 bobRandom)
    {
        // Humans blink every 2–10 s; a little more often here so short clips still contain blinks.
        for (var t = blinkRandom.NextDouble(0.3, 2.0); t < duration; t += blinkRandom.NextDouble(1.5, 4.5))
        {
            blinkStarts.Add(t);
        }

        for (var i = 0; i < 4; i++)
        {
            bobRates[i] = i % 2 == 0 ? bobRandom.NextDouble(0.2, 0.5) : bobRandom.NextDouble(0.6, 1.1);
            bobPhases[i] = bobRandom.NextDouble(0, 2 * Math.PI);
        }

        this.bobAmplitude = bobAmplitude;
    }

    /// <summary>The pose at time t with the given mouth opening.</summary>
    public FacePose Pose(double t, double mouthOpen)
    {
        var closure = 0.0;
        foreach (var start in blinkStarts)
        {
            if (t >= start && t < start + BlinkLength)
            {
                // Triangular lid closure: fully shut at the blink's midpoint.
                closure = 1 - (Math.Abs(t - start - (BlinkLength / 2)) / (BlinkLength / 2));
            }
        }

        var dx = bobAmplitude * ((0.6 * Wave(0, t)) + (0.4 * Wave(1, t)));
        var dy = 0.8 * bobAmplitude * ((0.6 * Wave(2, t)) + (0.4 * Wave(3, t)));
        return new FacePose(dx, dy, 1 - (0.92 * closure), mouthOpen);
    }

    private double Wave(int i, double t) => Math.Sin((2 * Math.PI * bobRates[i] * t) + bobPhases[i]);
}
