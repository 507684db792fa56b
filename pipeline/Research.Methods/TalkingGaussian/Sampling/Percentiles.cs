namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Percentiles as numpy computes them by default (<c>np.percentile(a, q)</c>, method "linear").</summary>
public static class Percentiles
{
    /// <summary>
    /// numpy's default percentile: sort, virtual index h = (n − 1)·q/100, then numpy's <c>_lerp</c> between the
    /// neighbours (a + (b − a)·t for t &lt; 0.5, b − (b − a)(1 − t) otherwise), so results match numpy to the last bit.
    /// </summary>
    /// <param name="values">Finite values (not modified).</param>
    /// <param name="q">Percentile in [0, 100].</param>
    public static double Linear(ReadOnlySpan<double> values, double q)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Percentiles.Linear: no values.", nameof(values));
        }

        if (!(q >= 0 && q <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Percentiles.Linear: q must be in [0, 100].");
        }

        var sorted = values.ToArray();
        if (sorted.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Percentiles.Linear: values must be finite.", nameof(values));
        }

        Array.Sort(sorted);
        var n = sorted.Length;
        var virtualIndex = (n - 1) * (q / 100.0);
        var previous = Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var i = (int)Math.Clamp(previous, 0, n - 1);
        var j = Math.Min(i + 1, n - 1);
        var (a, b) = (sorted[i], sorted[j]);
        var diff = b - a;
        return gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
    }
}
