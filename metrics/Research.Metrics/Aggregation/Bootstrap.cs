namespace Research.Metrics.Aggregation;

/// <summary>Percentile bootstrap of the mean, deterministic for a given seed on every platform and .NET version.</summary>
public static class Bootstrap
{
    /// <summary>
    /// Percentile-bootstrap confidence interval of the mean of <paramref name="values"/>.
    /// Each resample draws n indices uniformly with replacement (xoshiro256** seeded by SplitMix64, Lemire's unbiased bound)
    /// and sums the values in draw order; the bounds are the (1 − level)/2 and (1 + level)/2 quantiles of the sorted
    /// resample means with linear interpolation at position q·(B − 1) (numpy's default "linear" method).
    /// No values give NaN bounds; a single value, or all-equal values, give a zero-width interval.
    /// </summary>
    public static ConfidenceInterval PercentileInterval(ReadOnlySpan<double> values, BootstrapOptions? options = null)
    {
        options ??= BootstrapOptions.Default;
        options.Validate();
        var n = values.Length;
        if (n == 0)
        {
            return new ConfidenceInterval { Lower = double.NaN, Upper = double.NaN, Level = options.Level };
        }

        var rng = new Xoshiro256StarStar(options.Seed);
        var means = new double[options.Resamples];
        for (var b = 0; b < means.Length; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += values[rng.NextBelow(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        var tail = (1 - options.Level) / 2;
        return new ConfidenceInterval
        {
            Lower = Quantile(means, tail),
            Upper = Quantile(means, 1 - tail),
            Level = options.Level,
        };
    }

    /// <summary>
    /// Percentile-bootstrap interval of any statistic of <paramref name="count"/> items: each resample draws
    /// <paramref name="count"/> indices exactly as <see cref="PercentileInterval(ReadOnlySpan{double}, BootstrapOptions?)"/>
    /// does and passes them, in draw order, to <paramref name="statistic"/>. Used for clip-level scores such as
    /// Sync-D / Sync-C, whose resampling unit is the 5-frame window.
    /// </summary>
    public static ConfidenceInterval PercentileInterval(int count, Func<int[], double> statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= BootstrapOptions.Default;
        options.Validate();
        if (count == 0)
        {
            return new ConfidenceInterval { Lower = double.NaN, Upper = double.NaN, Level = options.Level };
        }

        var rng = new Xoshiro256StarStar(options.Seed);
        var values = new double[options.Resamples];
        var indices = new int[count];
        for (var b = 0; b < values.Length; b++)
        {
            for (var i = 0; i < count; i++)
            {
                indices[i] = rng.NextBelow(count);
            }

            values[b] = statistic(indices);
        }

        Array.Sort(values);
        var tail = (1 - options.Level) / 2;
        return new ConfidenceInterval
        {
            Lower = Quantile(values, tail),
            Upper = Quantile(values, 1 - tail),
            Level = options.Level,
        };
    }

    /// <summary>Mean of the values, summed in index order (the same order every run).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var h = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);

        // Equal neighbours are returned as is, so all-equal resamples give exactly zero width even at ±∞.
        var frac = h - lo;
        return sorted[lo] == sorted[hi] ? sorted[lo] : sorted[lo] + (frac * (sorted[hi] - sorted[lo]));
    }
}
