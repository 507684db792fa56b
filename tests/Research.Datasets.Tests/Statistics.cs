namespace Research.Datasets.Tests;

/// <summary>Small numeric helpers shared by the dataset tests.</summary>
internal static class Statistics
{
    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var n = Math.Min(a.Count, b.Count);
        double meanA = 0, meanB = 0;
        for (var i = 0; i < n; i++)
        {
            meanA += a[i];
            meanB += b[i];
        }

        meanA /= n;
        meanB /= n;
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < n; i++)
        {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }

        return cov / Math.Sqrt(varA * varB);
    }

    /// <summary>Correlation of a[i] with b[i + shift] over the overlapping frames.</summary>
    public static double ShiftedPearson(double[] a, double[] b, int shift)
    {
        var start = Math.Max(0, -shift);
        var end = Math.Min(a.Length, b.Length - shift);
        return Pearson(a[start..end], b[(start + shift)..(end + shift)]);
    }
}
