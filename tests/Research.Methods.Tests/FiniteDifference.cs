using NUnit.Framework;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests;

/// <summary>
/// Float64 central-difference gradient check (step 1e-6) of L = Σ w ⊙ f(inputs) with fixed random weights; passes when
/// |analytic − numeric| ≤ 1e-6 + 1e-5·|numeric|. Inputs must be contiguous. Large inputs (network parameters) are
/// checked on a fixed random sample of at most <c>maxEntries</c> elements to keep the tests quick.
/// </summary>
internal static class FiniteDifference
{
    public static void Check(Func<Tensor<double>> f, int maxEntries, params Tensor<double>[] inputs)
    {
        foreach (var x in inputs)
        {
            x.RequiresGrad = true;
            x.ZeroGrad();
        }

        var output = f();
        var weights = Tensor.Uniform(new Rng(99), -1.0, 1.0, [.. output.Shape]);
        output.Mul(weights).Sum().Backward();
        var pick = new Rng(7);
        for (var n = 0; n < inputs.Length; n++)
        {
            var x = inputs[n];
            Assert.That(x.Grad, Is.Not.Null, $"input {n} got no gradient");
            var analytic = x.Grad!.ToArray();
            var count = x.ElementCount;
            var entries = count <= maxEntries
                ? Enumerable.Range(0, count)
                : Tensor.Uniform(pick, 0.0, count, maxEntries).ToArray().Select(u => Math.Min(count - 1, (int)u));
            foreach (var i in entries)
            {
                var data = CustomOp.Data(x);
                var saved = data[i];
                double plus, minus;
                using (new NoGrad())
                {
                    CustomOp.Data(x)[i] = saved + 1e-6;
                    plus = f().Mul(weights).Sum().Item();
                    CustomOp.Data(x)[i] = saved - 1e-6;
                    minus = f().Mul(weights).Sum().Item();
                    CustomOp.Data(x)[i] = saved;
                }

                var numeric = (plus - minus) / 2e-6;
                Assert.That(Math.Abs(analytic[i] - numeric), Is.LessThanOrEqualTo(1e-6 + (1e-5 * Math.Abs(numeric))), $"input {n} element {i}: analytic {analytic[i]}, numeric {numeric}");
            }
        }
    }
}
