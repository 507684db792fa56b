using NUnit.Framework;
using Research.Encoders.KPlanes;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Encoders.Tests.KPlanes;

[TestFixture]
public sealed class KPlanesGridTests
{
    [Test]
    public void DefaultFieldIs64DimWithOfficialNames()
    {
        var f = new KPlanesField<float>([-1, -1, -1], [1, 1, 1], new Rng(1));
        Assert.That(f.OutputWidth, Is.EqualTo(64));
        Assert.That(f.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "grids.0.0", "grids.0.1", "grids.0.2", "grids.1.0", "grids.1.1", "grids.1.2" }));
        Assert.That(f.Planes[0].Shape, Is.EqualTo(new[] { 1, 32, 64, 64 }));
        Assert.That(f.Planes[3].Shape, Is.EqualTo(new[] { 1, 32, 128, 128 }));
        var v = f.Planes[4].ToArray();
        Assert.That(v.Min(), Is.GreaterThanOrEqualTo(0.1f));
        Assert.That(v.Max(), Is.LessThanOrEqualTo(0.5f));
        Assert.That(f.NamedBuffers().Single().Name, Is.EqualTo("aabb"));
        Assert.That(f.NamedBuffers().Single().Tensor.ToArray(), Is.EqualTo(new[] { 1f, 1, 1, -1, -1, -1 }));
    }

    [Test]
    public void FastPathMatchesReference([Values(1, 5)] int channels)
    {
        var rng = new Rng(5);
        int[] h = [4, 6, 5, 8, 7, 9];
        int[] w = [3, 4, 6, 5, 8, 2];
        var planes = Enumerable.Range(0, 6).Select(k => Tensor.Uniform(rng, -1.0, 1.0, 1, channels, h[k], w[k])).ToArray();
        double[] from = [-0.3, -0.2, -0.5];
        double[] to = [0.4, 0.3, 0.2];
        const int n = 777;
        var x = Tensor.Uniform(rng, -0.7, 0.7, n, 3);
        var y = KPlanesGrid.Encode(x, planes, from, to).ToArray();
        var expected = KPlanesReference.Forward(x.ToArray(), n, [.. planes.Select(p => p.ToArray())], channels, h, w, from, to);
        Assert.That(y, Is.EqualTo(expected).Within(1e-12));

        var yf = KPlanesGrid.Encode(
            Tensor.FromArray(x.ToArray().Select(v => (float)v).ToArray(), n, 3),
            [.. planes.Select(p => Tensor.FromArray(p.ToArray().Select(v => (float)v).ToArray(), [.. p.Shape]))],
            from,
            to).ToArray();
        Assert.That(yf.Select(v => (double)v), Is.EqualTo(expected).Within(1e-4));
    }

    [Test]
    public void FieldMirrorsLikeOfficialAabbOrder()
    {
        var f = new KPlanesField<double>([-1, -1, -1], [1, 1, 1], new Rng(2), channels: 2, baseResolution: 4, multires: [1]);
        var x = Tensor.Uniform(new Rng(3), -1.0, 1.0, 10, 3);
        var mirrored = KPlanesGrid.Encode(x.Mul(Tensor.Full([1], -1.0)), f.Planes, [-1.0, -1, -1], [1.0, 1, 1]).ToArray();
        Assert.That(f.Forward(x).ToArray(), Is.EqualTo(mirrored).Within(1e-12));
    }

    [Test]
    public void GradCheckPlanesAndPositions()
    {
        var rng = new Rng(9);
        int[] h = [3, 4, 2, 5, 3, 4];
        int[] w = [2, 3, 4, 3, 5, 2];
        var planes = Enumerable.Range(0, 6).Select(k => Tensor.Uniform(rng, -1.0, 1.0, 1, 2, h[k], w[k])).ToArray();

        // Some points outside the AABB (border-clamped) on purpose.
        var x = Tensor.Uniform(rng, -1.3, 1.3, 7, 3);
        FiniteDifference.Check(a => KPlanesGrid.Encode(a[0], a[1..], [-1.0, -1, -1], [1.0, 1, 1]), [x, .. planes]);
    }

    [Test]
    public void DeterministicAcrossThreadCounts()
    {
        var saved = ComputeThreads.Count;
        try
        {
            float[][] Run(int threads)
            {
                ComputeThreads.Count = threads;
                var rng = new Rng(4);
                var f = new KPlanesField<float>([-0.2, -0.2, -0.2], [0.2, 0.2, 0.2], rng, 8, 16);
                var x = Tensor.Uniform(rng, -0.25f, 0.25f, 3000, 3);
                x.RequiresGrad = true;
                var y = f.Forward(x);
                y.Mul(Tensor.Uniform(rng, -1f, 1f, 3000, 16)).Sum().Backward();
                return [y.ToArray(), x.Grad!.ToArray(), .. f.Planes.Select(p => p.Grad!.ToArray())];
            }

            var one = Run(1);
            var two = Run(2);
            for (var k = 0; k < one.Length; k++)
            {
                Assert.That(two[k], Is.EqualTo(one[k]), $"output {k}");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }
}
