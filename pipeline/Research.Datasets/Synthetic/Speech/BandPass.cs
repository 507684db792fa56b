namespace Research.Datasets.Synthetic.Speech;

/// <summary>Second-order band-pass biquad with 0 dB gain at the centre (RBJ cookbook form), for noise sources.</summary>
internal struct BandPass
{
    private double b0, a1, a2, x1, x2, y1, y2;

    public void Tune(double centre, double bandwidth, double sampleRate)
    {
        var centreLimited = Math.Min(centre, 0.45 * sampleRate);
        var w = 2 * Math.PI * centreLimited / sampleRate;
        var alpha = Math.Sin(w) * bandwidth / (2 * centreLimited); // sin(w) / (2Q), Q = centre / bandwidth
        var a0 = 1 + alpha;
        b0 = alpha / a0;
        a1 = -2 * Math.Cos(w) / a0;
        a2 = (1 - alpha) / a0;
    }

    public double Process(double x)
    {
        // b1 = 0 and b2 = −b0 for the constant-peak band-pass.
        var y = (b0 * (x - x2)) - (a1 * y1) - (a2 * y2);
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        return y;
    }
}
