namespace Research.Metrics.Tests.Reference;

/// <summary>PSNR straight from the definition: −10·log10(mean of squared differences), peak 1, float64.</summary>
internal static class ReferencePsnr
{
    public static double Compute(TestImage x, TestImage y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Image.Data.Length; i++)
        {
            var d = (double)x.Image.Data[i] - y.Image.Data[i];
            sum += d * d;
        }

        var mse = sum / x.Image.Data.Length;
        return -10 * Math.Log10(mse);
    }
}
