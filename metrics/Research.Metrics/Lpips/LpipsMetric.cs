using System.Diagnostics.CodeAnalysis;
using Research.Media.Imaging;
using Research.Metrics.Evaluation;

namespace Research.Metrics.Lpips;

/// <summary>
/// LPIPS as a reported metric: a loaded network, the named variant it runs and the weight files (by hash) it came
/// from, which reports record next to every value.
/// </summary>
public sealed class LpipsMetric
{
    /// <summary>Wraps a loaded network; <paramref name="variant"/> must use the same trunk.</summary>
    /// <exception cref="ArgumentException">The variant's trunk is not the network's.</exception>
    public LpipsMetric(LpipsVariant variant, LpipsNetwork network, IReadOnlyList<WeightFile> weights)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(weights);
        if (variant.Net != network.Net)
        {
            throw new ArgumentException($"LPIPS variant {variant.Name} needs the {variant.Net} trunk, the network is {network.Net}.", nameof(variant));
        }

        Variant = variant;
        Network = network;
        Weights = weights;
    }

    /// <summary>The variant computed.</summary>
    public LpipsVariant Variant { get; }

    /// <summary>The network.</summary>
    public LpipsNetwork Network { get; }

    /// <summary>Trunk and lin files.</summary>
    public IReadOnlyList<WeightFile> Weights { get; }

    /// <summary>
    /// Finds the variant's weights in <paramref name="folder"/> (<see cref="LpipsWeights.Locate"/>; null: the default
    /// folder; a file path stands for its folder), hashes and loads them. Returns false with the one-line hint when a
    /// file is absent; a present but malformed file still throws <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static bool TryLoad(LpipsVariant variant, string? folder, [NotNullWhen(true)] out LpipsMetric? metric, [NotNullWhen(false)] out string? hint)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var files = LpipsWeights.Locate(variant.Net, folder);
        if (!files.IsComplete)
        {
            metric = null;
            hint = files.Hint!;
            return false;
        }

        var network = LpipsNetwork.Load(variant.Net, files.TrunkPath!, files.LinPath!);
        metric = new LpipsMetric(variant, network, [WeightFile.Describe(files.TrunkPath!), WeightFile.Describe(files.LinPath!)]);
        hint = null;
        return true;
    }

    /// <summary>LPIPS of one pair of [0, 1] RGB frames under <see cref="Variant"/>.</summary>
    public double Distance(FloatImage pred, FloatImage gt) => Network.Distance(pred, gt, Variant.InputRange);
}
