using NUnit.Framework;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Ops;

/// <summary>Fast (vectorised / strided) elementwise paths against naive per-element loops.</summary>
public class ElementwiseReferenceTests
{
    private static readonly int[] Lengths = [1, 7, 33, 1025];

    private static IEnumerable<TestCaseData> UnaryCases()
    {
        // Relative tolerance per op: exact ops 0; vectorised transcendental kernels may differ from MathF in the last bits.
        yield return new TestCaseData("Neg", (Func<Tensor<float>, Tensor<float>>)(t => t.Neg()), (Func<float, float>)(x => -x), 0f);
        yield return new TestCaseData("Abs", (Func<Tensor<float>, Tensor<float>>)(t => t.Abs()), (Func<float, float>)MathF.Abs, 0f);
        yield return new TestCaseData("Relu", (Func<Tensor<float>, Tensor<float>>)(t => t.Relu()), (Func<float, float>)(x => MathF.Max(x, 0)), 0f);
        yield return new TestCaseData("LeakyRelu", (Func<Tensor<float>, Tensor<float>>)(t => t.LeakyRelu(0.2f)), (Func<float, float>)(x => x > 0 ? x : 0.2f * x), 0f);
        yield return new TestCaseData("Clamp", (Func<Tensor<float>, Tensor<float>>)(t => t.Clamp(-0.3f, 0.4f)), (Func<float, float>)(x => Math.Clamp(x, -0.3f, 0.4f)), 0f);
        yield return new TestCaseData("Exp", (Func<Tensor<float>, Tensor<float>>)(t => t.Exp()), (Func<float, float>)MathF.Exp, 2e-6f);
        yield return new TestCaseData("Log", (Func<Tensor<float>, Tensor<float>>)(t => t.Abs().Add(0.1f).Log()), (Func<float, float>)(x => MathF.Log(MathF.Abs(x) + 0.1f)), 2e-6f);
        yield return new TestCaseData("Sqrt", (Func<Tensor<float>, Tensor<float>>)(t => t.Abs().Sqrt()), (Func<float, float>)(x => MathF.Sqrt(MathF.Abs(x))), 1e-7f);
        yield return new TestCaseData("Sin", (Func<Tensor<float>, Tensor<float>>)(t => t.Sin()), (Func<float, float>)MathF.Sin, 2e-6f);
        yield return new TestCaseData("Cos", (Func<Tensor<float>, Tensor<float>>)(t => t.Cos()), (Func<float, float>)MathF.Cos, 2e-6f);
        yield return new TestCaseData("Tanh", (Func<Tensor<float>, Tensor<float>>)(t => t.Tanh()), (Func<float, float>)MathF.Tanh, 2e-6f);
        yield return new TestCaseData("Sigmoid", (Func<Tensor<float>, Tensor<float>>)(t => t.Sigmoid()), (Func<float, float>)(x => 1f / (1f + MathF.Exp(-x))), 2e-6f);
        yield return new TestCaseData("Softplus", (Func<Tensor<float>, Tensor<float>>)(t => t.Softplus()), (Func<float, float>)(x => (float)Math.Log(1 + Math.Exp(x))), 2e-6f);
    }

    [TestCaseSource(nameof(UnaryCases))]
    public void Unary_MatchesNaiveLoop_ContiguousAndStrided(string name, Func<Tensor<float>, Tensor<float>> op, Func<float, float> reference, float tolerance)
    {
        foreach (var n in Lengths)
        {
            var x = Tensor.Randn<float>(new Rng((ulong)n), n).Mul(3f);
            AssertClose(op(x).ToArray(), x.ToArray().Select(reference).ToArray(), tolerance, $"{name} n={n}");
        }

        // Strided: every other column of a [5, 14] tensor, transposed.
        var wide = Tensor.Randn<float>(new Rng(7), 5, 14).Mul(3f);
        var view = wide.Slice(1, 0, 14, 2).Transpose(0, 1);
        Assert.That(view.IsContiguous, Is.False);
        AssertClose(op(view).ToArray(), view.ToArray().Select(reference).ToArray(), tolerance, $"{name} strided");
    }

    private static IEnumerable<TestCaseData> BinaryCases()
    {
        yield return new TestCaseData("Add", (Func<Tensor<float>, Tensor<float>, Tensor<float>>)((a, b) => a + b), (Func<float, float, float>)((a, b) => a + b));
        yield return new TestCaseData("Sub", (Func<Tensor<float>, Tensor<float>, Tensor<float>>)((a, b) => a - b), (Func<float, float, float>)((a, b) => a - b));
        yield return new TestCaseData("Mul", (Func<Tensor<float>, Tensor<float>, Tensor<float>>)((a, b) => a * b), (Func<float, float, float>)((a, b) => a * b));
        yield return new TestCaseData("Div", (Func<Tensor<float>, Tensor<float>, Tensor<float>>)((a, b) => a / b), (Func<float, float, float>)((a, b) => a / b));
        yield return new TestCaseData("Pow", (Func<Tensor<float>, Tensor<float>, Tensor<float>>)((a, b) => a.Abs().Pow(b)), (Func<float, float, float>)((a, b) => MathF.Pow(MathF.Abs(a), b)));
    }

    /// <summary>IEEE ops per element: every path (vector, scalar-broadcast, strided) must give exactly the naive result.</summary>
    [TestCaseSource(nameof(BinaryCases))]
    public void Binary_AllPathsMatchNaiveLoopExactly(string name, Func<Tensor<float>, Tensor<float>, Tensor<float>> op, Func<float, float, float> reference)
    {
        foreach (var n in Lengths)
        {
            var a = Tensor.Randn<float>(new Rng(1), n);
            var b = Tensor.Randn<float>(new Rng(2), n).Add(5f);
            var av = a.ToArray();
            var bv = b.ToArray();
            Assert.That(op(a, b).ToArray(), Is.EqualTo(av.Zip(bv, reference).ToArray()), $"{name} vector n={n}");
            var s = Tensor.Scalar(1.5f);
            Assert.That(op(a, s).ToArray(), Is.EqualTo(av.Select(x => reference(x, 1.5f)).ToArray()), $"{name} vector-scalar n={n}");
            Assert.That(op(s, b).ToArray(), Is.EqualTo(bv.Select(y => reference(1.5f, y)).ToArray()), $"{name} scalar-vector n={n}");
        }

        // Broadcast [3, 1] with a strided [4] view: out[i, j] = op(a[i], b[2j]).
        var col = Tensor.Randn<float>(new Rng(3), 3, 1);
        var row = Tensor.Randn<float>(new Rng(4), 8).Add(5f).Slice(0, 0, 8, 2);
        var result = op(col, row);
        Assert.That(result.Shape, Is.EqualTo(new[] { 3, 4 }));
        var cv = col.ToArray();
        var rv = row.ToArray();
        var expected = new float[12];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                expected[(i * 4) + j] = reference(cv[i], rv[j]);
            }
        }

        Assert.That(result.ToArray(), Is.EqualTo(expected), $"{name} broadcast strided");
    }

    private static void AssertClose(float[] actual, float[] expected, float relTolerance, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (var i = 0; i < actual.Length; i++)
        {
            var bound = relTolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.That(Math.Abs(actual[i] - expected[i]), Is.LessThanOrEqualTo(bound), $"{what} [{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
