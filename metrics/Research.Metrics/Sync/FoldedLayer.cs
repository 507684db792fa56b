using Research.Tensors;
using Research.Tensors.Nn;

namespace Research.Metrics.Sync;

/// <summary>A convolution or linear layer with the eval-mode batch norm after it folded into its weight and bias.</summary>
internal sealed class FoldedLayer
{
    private FoldedLayer(Tensor<float> weight, Tensor<float> bias)
    {
        Weight = weight;
        Bias = bias;
    }

    public Tensor<float> Weight { get; }

    public Tensor<float> Bias { get; }

    /// <summary>
    /// Folds <c>{norm}.*</c> (if given) into <c>{layer}.weight</c> / <c>{layer}.bias</c>:
    /// scale = γ/√(σ² + ε), w' = w·scale per output row, b' = (b − μ)·scale + β; float64 arithmetic.
    /// </summary>
    public static FoldedLayer Create(IReadOnlyDictionary<string, float[]> state, string layer, string? norm, int[]? shape)
    {
        var w = state[$"{layer}.weight"];
        var b = state[$"{layer}.bias"];
        var outs = b.Length;
        var perRow = w.Length / outs;
        var fw = new float[w.Length];
        var fb = new float[outs];
        for (var o = 0; o < outs; o++)
        {
            double scale = 1, shift = 0;
            if (norm is not null)
            {
                scale = state[$"{norm}.weight"][o] / Math.Sqrt(state[$"{norm}.running_var"][o] + SyncNetArchitecture.BatchNormEps);
                shift = state[$"{norm}.bias"][o] - (state[$"{norm}.running_mean"][o] * scale);
            }

            for (var i = 0; i < perRow; i++)
            {
                fw[(o * perRow) + i] = (float)(w[(o * perRow) + i] * scale);
            }

            fb[o] = (float)((b[o] * scale) + shift);
        }

        var finalShape = shape ?? SyncNetArchitecture.ExpectedTensors.First(t => t.Name == $"{layer}.weight").Shape;
        return new FoldedLayer(Tensor.FromArray(fw, finalShape), Tensor.FromArray(fb, outs));
    }

    /// <summary>Conv2d + bias + ReLU with symmetric stride and padding.</summary>
    public Tensor<float> Conv(Tensor<float> x, int stride, int padding) =>
        Weight.Rank == 2 ? Functional.Linear(x, Weight, Bias).Relu() : Functional.Conv2dRelu(x, Weight, Bias, stride, padding);
}
