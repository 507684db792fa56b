namespace Research.Datasets.AudioFeatures;

/// <summary>
/// Triangular mel filters on the HTK mel scale, mel(f) = 2595·log₁₀(1 + f/700).
/// Bands + 2 edge frequencies are spaced uniformly in mel from FMin to FMax; band m rises linearly from edge m to
/// a peak of exactly 1 at edge m+1 (its centre) and falls linearly to 0 at edge m+2 (plain triangles, no Slaney
/// area normalisation). Weights are the triangles sampled at FFT bin frequencies k·SampleRate/FftSize,
/// k = 0 … FftSize/2. Between the first and last centres the weights sum to exactly 1 at every frequency.
/// </summary>
public sealed class MelFilterBank
{
    private readonly double[] edges;
    private readonly double[] weights;

    /// <summary>Builds the bank for the front end's settings.</summary>
    public MelFilterBank(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Bands = options.MelBands;
        Bins = (options.FftSize / 2) + 1;
        BinSpacing = (double)options.SampleRate / options.FftSize;

        var melMin = HzToMel(options.FMin);
        var melMax = HzToMel(options.FMax);
        edges = new double[Bands + 2];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(melMin + ((melMax - melMin) * i / (Bands + 1)));
        }

        // Pin the ends exactly so rounding in the mel round trip cannot move them.
        edges[0] = options.FMin;
        edges[^1] = options.FMax;

        weights = new double[Bands * Bins];
        for (var m = 0; m < Bands; m++)
        {
            for (var k = 0; k < Bins; k++)
            {
                weights[(m * Bins) + k] = Response(m, k * BinSpacing);
            }
        }
    }

    /// <summary>Number of bands.</summary>
    public int Bands { get; }

    /// <summary>Number of power-spectrum bins, FftSize/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>Frequency step between bins in Hz, SampleRate / FftSize.</summary>
    public double BinSpacing { get; }

    /// <summary>The Bands + 2 triangle edge frequencies in Hz; band m spans edges m … m+2 and peaks at edge m+1.</summary>
    public IReadOnlyList<double> EdgeFrequencies => edges;

    /// <summary>HTK mel scale: 2595·log₁₀(1 + hz/700).</summary>
    public static double HzToMel(double hz) => 2595 * Math.Log10(1 + (hz / 700));

    /// <summary>Inverse of <see cref="HzToMel"/>: 700·(10^(mel/2595) − 1).</summary>
    public static double MelToHz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>Centre (peak) frequency of a band in Hz.</summary>
    public double CentreFrequency(int band)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)band, (uint)Bands, nameof(band));
        return edges[band + 1];
    }

    /// <summary>The band's continuous triangular response at a frequency: 0 outside its edges, 1 at its centre.</summary>
    public double Response(int band, double frequencyHz)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)band, (uint)Bands, nameof(band));
        var (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2]);
        if (frequencyHz <= left || frequencyHz >= right)
        {
            return 0;
        }

        return frequencyHz <= centre ? (frequencyHz - left) / (centre - left) : (right - frequencyHz) / (right - centre);
    }

    /// <summary>The weight of one FFT bin in one band.</summary>
    public double Weight(int band, int bin)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)band, (uint)Bands, nameof(band));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)bin, (uint)Bins, nameof(bin));
        return weights[(band * Bins) + bin];
    }

    /// <summary>Band energies E[m] = Σₖ W[m, k]·power[k]; <paramref name="power"/> has <see cref="Bins"/> values.</summary>
    public void Apply(ReadOnlySpan<double> power, Span<double> energies)
    {
        if (power.Length != Bins || energies.Length != Bands)
        {
            throw new ArgumentException($"Need {Bins} power bins and {Bands} energies (got {power.Length} and {energies.Length}).", nameof(power));
        }

        for (var m = 0; m < Bands; m++)
        {
            var row = weights.AsSpan(m * Bins, Bins);
            var sum = 0.0;
            for (var k = 0; k < Bins; k++)
            {
                sum += row[k] * power[k];
            }

            energies[m] = sum;
        }
    }
}
