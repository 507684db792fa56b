using NUnit.Framework;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Autograd;

/// <summary>
/// Finite-difference gradient checker in float64. The function's output is contracted with fixed random weights
/// (L = Σ w ⊙ f(x)) so every output element's gradient is exercised. Central differences with step 1e-6; an entry
/// passes when |analytic − numeric| ≤ 1e-6 + 1e-5·|numeric|.
/// </summary>
internal static class GradCheck
{
    public const double Step = 1e-6;
    public const double AbsoluteTolerance = 1e-6;
    public const double RelativeTolerance = 1e-5;

    public static void Check(Func<Tensor<double>[], Tensor<double>> f, params Tensor<double>[] inputs)
    {
        foreach (var x in inputs)
        {
            x.RequiresGrad = true;
            x.ZeroGrad();
        }

        var output = f(inputs);
        var weights = Tensor.Uniform(new Rng(99), -1.0, 1.0, [.. output.Shape]);
        output.Mul(weights).Sum().Backward();

        for (var n = 0; n < inputs.Length; n++)
        {
            var x = inputs[n];
            Assert.That(x.Grad, Is.Not.Null, $"input {n} got no gradient");
            Assert.That(x.Grad!.Shape, Is.EqualTo(x.Shape), $"input {n} gradient shape");
            var analytic = x.Grad.ToArray();
            for (var i = 0; i < x.ElementCount; i++)
            {
                var at = StorageIndex(x, i);
                var saved = x.Storage[at];
                double plus, minus;
                using (new NoGrad())
                {
                    x.Storage[at] = saved + Step;
                    plus = f(inputs).Mul(weights).Sum().Item();
                    x.Storage[at] = saved - Step;
                    minus = f(inputs).Mul(weights).Sum().Item();
                    x.Storage[at] = saved;
                }

                var numeric = (plus - minus) / (2 * Step);
                Assert.That(
                    Math.Abs(analytic[i] - numeric),
                    Is.LessThanOrEqualTo(AbsoluteTolerance + (RelativeTolerance * Math.Abs(numeric))),
                    $"input {n} element {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }

    /// <summary>Storage position of row-major element <paramref name="linear"/> of a possibly strided tensor.</summary>
    public static int StorageIndex<T>(Tensor<T> t, int linear)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var offset = t.Offset;
        for (var d = t.Rank - 1; d >= 0; d--)
        {
            offset += linear % t.Shape[d] * t.Strides[d];
            linear /= t.Shape[d];
        }

        return offset;
    }

    public static Tensor<double> Randn(int seed, params int[] shape) => Tensor.Randn<double>(new Rng((ulong)seed), shape);

    public static Tensor<double> Positive(int seed, params int[] shape) => Tensor.Uniform(new Rng((ulong)seed), 0.5, 2.0, shape);

    /// <summary>A leaf whose storage is a transposed (non-contiguous) view of fresh random numbers.</summary>
    public static Tensor<double> TransposedLeaf(int seed, int rows, int cols) => Randn(seed, cols, rows).Transpose(0, 1).Detach();
}
