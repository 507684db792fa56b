using Research.Metrics.Lpips;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// Random trunk and lin tensors with the published names and shapes (He-normal conv weights so activations keep
/// their scale through the ReLUs; small biases; non-negative lin weights like the v0.1 files), and writers for the
/// three file layouts the loader accepts.
/// </summary>
internal static class LpipsTestWeights
{
    public static readonly int[] AlexChannels = [64, 192, 384, 256, 256];
    public static readonly int[] VggChannels = [64, 128, 256, 512, 512];

    // (index, in, out, kernel) of every conv, written independently of the library's table.
    public static readonly (int Index, int In, int Out, int K)[] AlexConvs =
        [(0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3)];

    public static readonly (int Index, int In, int Out, int K)[] VggConvs =
    [
        (0, 3, 64, 3), (2, 64, 64, 3), (5, 64, 128, 3), (7, 128, 128, 3), (10, 128, 256, 3), (12, 256, 256, 3), (14, 256, 256, 3),
        (17, 256, 512, 3), (19, 512, 512, 3), (21, 512, 512, 3), (24, 512, 512, 3), (26, 512, 512, 3), (28, 512, 512, 3),
    ];

    public static (int Index, int In, int Out, int K)[] Convs(LpipsNet net) => net == LpipsNet.Alex ? AlexConvs : VggConvs;

    public static int[] Channels(LpipsNet net) => net == LpipsNet.Alex ? AlexChannels : VggChannels;

    public static List<SafetensorsTensor> Trunk(LpipsNet net, ulong seed)
    {
        var rng = new Rng(seed);
        var result = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in Convs(net))
        {
            var std = Math.Sqrt(2.0 / (inCh * k * k));
            var w = new float[outCh * inCh * k * k];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(rng.NextNormal() * std);
            }

            var b = new float[outCh];
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = (float)rng.NextUniform(-0.05, 0.1);
            }

            result.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", w, [outCh, inCh, k, k]));
            result.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", b, [outCh]));
        }

        // The classifier is in the published files but unused; the loader must ignore it.
        result.Add(SafetensorsTensor.FromFloat32("classifier.6.bias", new float[10], [10]));
        return result;
    }

    public static List<SafetensorsTensor> Lin(LpipsNet net, ulong seed)
    {
        var rng = new Rng(seed);
        var result = new List<SafetensorsTensor>();
        var channels = Channels(net);
        for (var t = 0; t < channels.Length; t++)
        {
            var w = new float[channels[t]];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)rng.NextUniform(0, 2.0 / channels[t]);
            }

            result.Add(SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", w, [1, channels[t], 1, 1]));
        }

        return result;
    }

    /// <summary>A lin set that is zero except the given (tap, channel, value) entries.</summary>
    public static List<SafetensorsTensor> SparseLin(LpipsNet net, params (int Tap, int Channel, float Value)[] entries)
    {
        var channels = Channels(net);
        var values = channels.Select(c => new float[c]).ToArray();
        foreach (var (tap, channel, value) in entries)
        {
            values[tap][channel] = value;
        }

        return [.. channels.Select((c, t) => SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", values[t], [1, c, 1, 1]))];
    }
}
