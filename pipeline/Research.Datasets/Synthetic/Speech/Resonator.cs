namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// Klatt's two-pole digital resonator y[n] = A·x[n] + B·y[n−1] + C·y[n−2] with unity gain at 0 Hz, so a cascade of
/// them gives the relative formant amplitudes of a vocal tract without per-formant gains.
/// </summary>
internal struct Resonator
{
    private double a, b, c, y1, y2;

    /// <summary>Sets centre frequency and bandwidth in Hz; the filter state is kept so moving formants do not click.</summary>
    public void Tune(double frequency, double bandwidth, double sampleRate)
    {
        var r = Math.Exp(-Math.PI * bandwidth / sampleRate);
        c = -(r * r);
        b = 2 * r * Math.Cos(2 * Math.PI * frequency / sampleRate);
        a = 1 - b - c;
    }

    public double Process(double x)
    {
        var y = (a * x) + (b * y1) + (c * y2);
        y2 = y1;
        y1 = y;
        return y;
    }
}
