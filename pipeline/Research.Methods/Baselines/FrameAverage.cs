using Research.Datasets.Prepared;
using Research.Media.Imaging;

namespace Research.Methods.Baselines;

/// <summary>Per-pixel mean of dataset frames, accumulated in float64 so the order of frames cannot change the result.</summary>
internal static class FrameAverage
{
    public static FloatImage Of(ITalkingHeadData data, IReadOnlyList<int> frames, Action<int>? afterFrame = null)
    {
        var sum = new double[data.Width * data.Height * 3];
        for (var n = 0; n < frames.Count; n++)
        {
            var pixels = data.LoadFrame(frames[n]).Pixels;
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += pixels[i];
            }

            afterFrame?.Invoke(n + 1);
        }

        var mean = new float[sum.Length];
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = (float)(sum[i] / frames.Count / 255.0);
        }

        return new FloatImage(data.Width, data.Height, 3, mean);
    }
}
