using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>
/// Layer normalisation over the trailing <see cref="NormalizedShape"/> dimensions (like <c>torch.nn.LayerNorm</c>):
/// parameters "weight" (ones) and "bias" (zeros) when <c>elementwiseAffine</c> is true.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LayerNorm<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] normalizedShape;

    /// <summary>Creates the layer over the trailing dimensions <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(s => s <= 0))
        {
            throw new ArgumentException($"LayerNorm: normalized shape {Tensor<T>.FormatShape(normalizedShape)} must be non-empty with positive sizes.", nameof(normalizedShape));
        }

        this.normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones<T>(this.normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros<T>(this.normalizedShape));
        }
    }

    /// <summary>Creates the layer over the last dimension of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedSize], eps, elementwiseAffine)
    {
    }

    /// <summary>The trailing dimensions that are normalised.</summary>
    public IReadOnlyList<int> NormalizedShape => normalizedShape;

    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Scale (shape <see cref="NormalizedShape"/>), or null without the affine transform.</summary>
    public Tensor<T>? Weight { get; }

    /// <summary>Shift (shape <see cref="NormalizedShape"/>), or null without the affine transform.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Normalises <paramref name="input"/>, whose trailing dimensions must equal <see cref="NormalizedShape"/>.</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.LayerNorm(input, normalizedShape, Weight, Bias, Eps);
}
