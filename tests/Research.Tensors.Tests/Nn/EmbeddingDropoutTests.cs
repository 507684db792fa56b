using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Nn;

public class EmbeddingDropoutTests
{
    [Test]
    public void Embedding_MatchesNaiveLookup_ContiguousAndTransposedWeight()
    {
        var indices = IndexTensor.FromArray([3, 0, 3, 1, 4, 4], 2, 3);
        foreach (var weight in new[] { Tensor.Randn<float>(new Rng(1), 5, 7), Tensor.Randn<float>(new Rng(2), 7, 5).Transpose(0, 1) })
        {
            var y = Functional.Embedding(indices, weight);
            Assert.That(y.Shape, Is.EqualTo(new[] { 2, 3, 7 }));
            var w = weight.ToArray();
            var expected = indices.ToArray().SelectMany(i => w.Skip(i * 7).Take(7)).ToArray();
            Assert.That(y.ToArray(), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Embedding_GradientSumsDuplicatesAndSkipsPadding()
    {
        var weight = Tensor.Randn<float>(new Rng(3), 4, 2);
        weight.RequiresGrad = true;
        Functional.Embedding(IndexTensor.From(1, 3, 1, 0, 1), weight, paddingIdx: 0).Sum().Backward();
        Assert.That(weight.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, 3f, 3f, 0f, 0f, 1f, 1f }));
    }

    [Test]
    public void GradCheck_Embedding() =>
        Check(t => Functional.Embedding(IndexTensor.FromArray([2, 0, 2, 1], 2, 2), t[0]), TransposedLeaf(1, 3, 4));

    [Test]
    public void GradCheck_Embedding_NegativePaddingIndex()
    {
        // Padding index −1 is the last row: its gradient is exactly 0, which the finite difference cannot see, so check analytically.
        var weight = Randn(2, 3, 2);
        weight.RequiresGrad = true;
        Functional.Embedding(IndexTensor.From(2, 1, 2), weight, -1).Sum().Backward();
        Assert.That(weight.Grad!.ToArray(), Is.EqualTo(new[] { 0.0, 0.0, 1.0, 1.0, 0.0, 0.0 }));
    }

    [Test]
    public void EmbeddingModule_ParameterNameInitAndPaddingRow()
    {
        var m = new Embedding<float>(6, 4, new Rng(9), paddingIdx: 2);
        Assert.That(m.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight" }));
        Assert.That(m.Weight.Shape, Is.EqualTo(new[] { 6, 4 }));
        var w = m.Weight.ToArray();
        Assert.That(w.Skip(8).Take(4), Is.All.EqualTo(0f));
        Assert.That(w.Take(8), Is.EqualTo(Tensor.Randn<float>(new Rng(9), 6, 4).ToArray().Take(8)), "N(0, 1) from the rng, row-major");
        var y = m.Forward(IndexTensor.FromArray([5, 2], 2, 1));
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 1, 4 }));
    }

    [Test]
    public void Embedding_Errors_NameOpAndShapes()
    {
        var weight = Tensor.Zeros<float>(3, 2);
        var e = Assert.Throws<ArgumentException>(() => Functional.Embedding(IndexTensor.From(0, 3), weight));
        Assert.That(e!.Message, Does.Contain("Embedding").And.Contain("index 3").And.Contain("size 3"));
        e = Assert.Throws<ArgumentException>(() => Functional.Embedding(IndexTensor.From(0), Tensor.Zeros<float>(3)));
        Assert.That(e!.Message, Does.Contain("Embedding").And.Contain("[3]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Embedding(IndexTensor.From(0), weight, 3));
    }

    [Test]
    public void Dropout_IdentityWhenNotTrainingOrPZero()
    {
        var x = Tensor.Randn<float>(new Rng(1), 3, 4);
        Assert.That(Functional.Dropout(x, 0.5, false, new Rng(2)), Is.SameAs(x));
        Assert.That(Functional.Dropout(x, 0.0, true, new Rng(2)), Is.SameAs(x));
        Assert.That(Functional.Dropout(x, 1.0, true, new Rng(2)).ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void Dropout_MaskIsRowMajorFromRngAndScaled()
    {
        var x = Tensor.Randn<double>(new Rng(1), 5, 7).Transpose(0, 1);
        const double p = 0.3;
        var y = Functional.Dropout(x, p, true, new Rng(42)).ToArray();
        var reference = new Rng(42);
        var xs = x.ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            var keep = reference.NextDouble() >= p;
            Assert.That(y[i], Is.EqualTo(keep ? xs[i] * (1 / (1 - p)) : 0.0), $"element {i}");
        }

        Assert.That(Functional.Dropout(x, p, true, new Rng(42)).ToArray(), Is.EqualTo(y), "same seed, same mask");
    }

    [Test]
    public void Dropout_BackwardUsesTheSameMask()
    {
        var x = Tensor.Randn<float>(new Rng(1), 50, 40);
        x.RequiresGrad = true;
        var y = Functional.Dropout(x, 0.25, true, new Rng(5));
        y.Sum().Backward();
        var ys = y.ToArray();
        var xs = x.ToArray();
        var g = x.Grad!.ToArray();
        var kept = 0;
        for (var i = 0; i < g.Length; i++)
        {
            var isKept = ys[i] != 0f || xs[i] == 0f;
            Assert.That(g[i], Is.EqualTo(isKept ? 1f / 0.75f : 0f), $"element {i}");
            kept += g[i] != 0f ? 1 : 0;
        }

        Assert.That(kept / (double)g.Length, Is.EqualTo(0.75).Within(0.03));
    }

    [Test]
    public void GradCheck_Dropout()
    {
        // The mask must be the same in every evaluation: a fresh Rng with a fixed seed each call.
        Check(t => Functional.Dropout(t[0], 0.4, true, new Rng(7)), TransposedLeaf(1, 4, 5));
    }

    [Test]
    public void DropoutModule_RespectsTrainAndEval()
    {
        var layer = new Dropout<float>(0.5, new Rng(3));
        var x = Tensor.Ones<float>(4, 8);
        var train = layer.Forward(x).ToArray();
        Assert.That(train, Is.All.EqualTo(0f).Or.EqualTo(2f));
        Assert.That(train, Has.Some.EqualTo(0f));
        layer.Eval();
        Assert.That(layer.Forward(x), Is.SameAs(x));
        var net = new Sequential<float>().Add(new Linear<float>(8, 3, new Rng(1))).Add(new Dropout<float>(0.5, new Rng(2)));
        net.Eval();
        Assert.That(net.Forward(x).Shape, Is.EqualTo(new[] { 4, 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Dropout<float>(1.5, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(x, -0.1, true, new Rng(1)));
    }
}
