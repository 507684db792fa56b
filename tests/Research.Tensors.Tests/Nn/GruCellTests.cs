using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Nn;

/// <summary>GRU cell against torch.nn.GRUCell's equations written as naive double loops; float64 gradient checks.</summary>
public class GruCellTests
{
    [TestCase(1, 1, 1)]
    [TestCase(4, 5, 3)]
    [TestCase(3, 7, 9)]
    public void Forward_MatchesNaiveDouble(int batch, int inputSize, int hiddenSize)
    {
        var cell = new GruCell<float>(inputSize, hiddenSize, new Rng(1));
        var x = Tensor.Randn<float>(new Rng(2), batch, inputSize);
        var h = Tensor.Randn<float>(new Rng(3), batch, hiddenSize);
        var expected = Naive(x.ToArray(), h.ToArray(), cell, batch);
        Assert.That(cell.Forward(x, h).ToArray(), Is.EqualTo(expected).Within(1e-5));
        Assert.That(cell.Forward(x).ToArray(), Is.EqualTo(Naive(x.ToArray(), new float[batch * hiddenSize], cell, batch)).Within(1e-5));
    }

    [Test]
    public void Forward_UnbatchedAndStridedInputs()
    {
        var cell = new GruCell<float>(5, 3, new Rng(4));
        var x = Tensor.Randn<float>(new Rng(5), 5, 2).Transpose(0, 1); // [2, 5], not contiguous
        var h = Tensor.Randn<float>(new Rng(6), 2, 3);
        Assert.That(cell.Forward(x, h).ToArray(), Is.EqualTo(Naive(x.ToArray(), h.ToArray(), cell, 2)).Within(1e-5));
        var single = cell.Forward(x.Contiguous().Narrow(0, 1, 1).Squeeze(0), h.Narrow(0, 1, 1).Squeeze(0));
        Assert.That(single.Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(single.ToArray(), Is.EqualTo(cell.Forward(x, h).ToArray().Skip(3)).Within(1e-6));
    }

    [Test]
    public void Module_NamesShapesAndInitLikePyTorch()
    {
        var cell = new GruCell<double>(4, 16, new Rng(7));
        Assert.That(cell.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" }));
        Assert.That(cell.Parameters().Select(p => p.Shape.ToArray()), Is.EqualTo(new[] { new[] { 48, 4 }, new[] { 48, 16 }, new[] { 48 }, new[] { 48 } }));
        Assert.That(cell.Parameters().SelectMany(p => p.ToArray()), Has.All.InRange(-0.25, 0.25));
        Assert.That(new GruCell<float>(2, 3, new Rng(1), bias: false).Parameters().Count(), Is.EqualTo(2));
    }

    [Test]
    public void GradCheck_AllInputs() =>
        Check(t => Functional.GruCell(t[0], t[1], t[2], t[3], t[4], t[5]), Randn(1, 2, 3), Randn(2, 2, 4), Randn(3, 12, 3), Randn(4, 12, 4), Randn(5, 12), Randn(6, 12));

    [Test]
    public void GradCheck_NonContiguousInputNoHidden() =>
        Check(t => Functional.GruCell(t[0], null, t[1], t[2]), TransposedLeaf(1, 3, 2), Randn(2, 6, 2), Randn(3, 6, 2));

    [Test]
    public void BadShapes_ThrowNamingTheOp() =>
        Assert.That(() => Functional.GruCell(Tensor.Zeros<float>(2, 3), null, Tensor.Zeros<float>(6, 4), Tensor.Zeros<float>(6, 2)), Throws.ArgumentException.With.Message.Contains("GruCell").And.Message.Contains("weight_ih [6, 4]"));

    private static double[] Naive(float[] x, float[] h, GruCell<float> cell, int batch)
    {
        var (inSize, hs) = (cell.InputSize, cell.HiddenSize);
        var wih = cell.WeightIh.ToArray();
        var whh = cell.WeightHh.ToArray();
        var bih = cell.BiasIh!.ToArray();
        var bhh = cell.BiasHh!.ToArray();
        var result = new double[batch * hs];
        for (var b = 0; b < batch; b++)
        {
            double Gi(int row)
            {
                double s = bih[row];
                for (var c = 0; c < inSize; c++)
                {
                    s += wih[(row * inSize) + c] * (double)x[(b * inSize) + c];
                }

                return s;
            }

            double Gh(int row)
            {
                double s = bhh[row];
                for (var c = 0; c < hs; c++)
                {
                    s += whh[(row * hs) + c] * (double)h[(b * hs) + c];
                }

                return s;
            }

            for (var j = 0; j < hs; j++)
            {
                var r = 1 / (1 + Math.Exp(-(Gi(j) + Gh(j))));
                var z = 1 / (1 + Math.Exp(-(Gi(hs + j) + Gh(hs + j))));
                var n = Math.Tanh(Gi((2 * hs) + j) + (r * Gh((2 * hs) + j)));
                result[(b * hs) + j] = ((1 - z) * n) + (z * h[(b * hs) + j]);
            }
        }

        return result;
    }
}
