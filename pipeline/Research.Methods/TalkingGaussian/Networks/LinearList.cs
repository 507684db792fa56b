using System.Numerics;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// Bias-free Linear layers registered as children "0", "1", … (like the official <c>nn.ModuleList</c> inside
/// <c>MLP.net</c>), so the state-dict names are <c>net.0.weight</c>, <c>net.1.weight</c>, ….
/// </summary>
internal sealed class LinearList<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LinearList(int[] widths, Rng rng)
    {
        var layers = new Linear<T>[widths.Length - 1];
        for (var l = 0; l < layers.Length; l++)
        {
            layers[l] = RegisterModule(l.ToString(System.Globalization.CultureInfo.InvariantCulture), new Linear<T>(widths[l], widths[l + 1], rng, bias: false));
        }

        Layers = layers;
    }

    public IReadOnlyList<Linear<T>> Layers { get; }
}
