using NUnit.Framework;
using Research.Encoders.TriPlane;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Encoders.Tests.TriPlane;

[TestFixture]
public sealed class TriPlaneGridTests
{
    [Test]
    public void FaceAndMouthLevelTablesMatchNotes()
    {
        var face = GridLevels.Face();
        Assert.That(face.Resolutions, Is.EqualTo(new[] { 16, 18, 19, 21, 22, 24, 26, 28, 31, 33, 36, 39 }));
        Assert.That(face.PerLevelScale, Is.EqualTo(1.08284).Within(1e-5));
        Assert.That(face.TableRows, Is.EqualTo(9464));
        var mouth = GridLevels.Mouth();
        Assert.That(mouth.Resolutions, Is.EqualTo(new[] { 64, 64, 63, 63, 62, 62, 61, 60, 60, 59, 59, 58 }));
        Assert.That(mouth.PerLevelScale, Is.EqualTo(0.99047).Within(1e-5));
        Assert.That(mouth.TableRows, Is.EqualTo(46600));
        Assert.That(face.Hashed.Concat(mouth.Hashed), Has.None.True);
        Assert.That(new TriPlaneEncoder<float>(face, new Rng(1)).OutputWidth, Is.EqualTo(36));
    }

    [Test]
    public void ModuleParameterNamesFollowOfficialCode()
    {
        var m = new TriPlaneEncoder<float>(GridLevels.Face(), new Rng(1));
        var names = m.NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(names, Is.EqualTo(new[] { "encoder_xy.embeddings", "encoder_yz.embeddings", "encoder_xz.embeddings" }));
        var e = m.Xy.Embeddings.ToArray();
        Assert.That(e.Max(), Is.LessThanOrEqualTo(1e-4f));
        Assert.That(e.Min(), Is.GreaterThanOrEqualTo(-1e-4f));
    }

    private static IEnumerable<TestCaseData> Configs()
    {
        yield return new TestCaseData(12, 1, 16.0, 38.4, 17, 0.15).SetName("Face");
        yield return new TestCaseData(12, 1, 64.0, 57.6, 17, 0.15).SetName("Mouth");
        yield return new TestCaseData(4, 2, 16.0, 64.0, 8, 0.15).SetName("HashedLevels");
        yield return new TestCaseData(1, 3, 5.0, 5.0, 17, 1.0).SetName("SingleLevel");
    }

    [TestCaseSource(nameof(Configs))]
    public void FastPathMatchesReference(int levels, int features, double baseRes, double finest, int log2Hash, double bound)
    {
        var g = new GridLevels(levels, features, baseRes, finest, log2Hash, bound);
        if (log2Hash == 8)
        {
            Assert.That(g.Hashed, Has.Some.True);
        }

        var rng = new Rng(7);
        const int n = 1037;
        var x = Tensor.Uniform(rng, -1.2 * bound, 1.2 * bound, n, 3);
        var m = new TriPlaneEncoder<double>(g, rng);
        foreach (var p in m.Parameters())
        {
            p.RequiresGrad = false;
        }

        // Make tables O(1) so errors show.
        var tables = new[] { m.Xy, m.Yz, m.Xz }.Select(e => e.Embeddings.Mul(Tensor.Full([1], 1e4))).ToArray();
        var y = TriPlaneGrid.Encode(x, tables[0], tables[1], tables[2], g).ToArray();
        var expected = TriPlaneReference.Forward(x.ToArray(), n, [.. tables.Select(t => t.ToArray())], levels, features, baseRes, finest, log2Hash, bound);
        Assert.That(y, Is.EqualTo(expected).Within(1e-12));
        Assert.That(expected.Count(v => v == 0), Is.GreaterThan(0), "some outside points");

        var xf = Tensor.FromArray(x.ToArray().Select(v => (float)v).ToArray(), n, 3);
        var tf = tables.Select(t => Tensor.FromArray(t.ToArray().Select(v => (float)v).ToArray(), [.. t.Shape])).ToArray();
        var yf = TriPlaneGrid.Encode(xf, tf[0], tf[1], tf[2], g).ToArray();
        var mismatches = 0;
        for (var i = 0; i < yf.Length; i++)
        {
            // float32 rounding at a cell border can move a point to the neighbouring cell; the value stays continuous.
            if (Math.Abs(yf[i] - expected[i]) > 1e-4)
            {
                mismatches++;
            }
        }

        Assert.That(mismatches, Is.LessThanOrEqualTo(yf.Length / 1000), "float32 path");
    }

    [Test]
    public void GradCheckEmbeddingsAndPositions([Values(false, true)] bool hashed)
    {
        var g = hashed ? new GridLevels(2, 2, 12, 20, 7, 0.5) : new GridLevels(3, 2, 3, 5, 17, 0.5);
        Assert.That(g.Hashed.Any(h => h), Is.EqualTo(hashed));
        var rng = new Rng(3);
        var x = Tensor.Uniform(rng, -0.6, 0.6, 9, 3);
        var t = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(rng, -1.0, 1.0, g.TableRows, g.Features)).ToArray();
        FiniteDifference.Check(a => TriPlaneGrid.Encode(a[0], a[1], a[2], a[3], g), x, t[0], t[1], t[2]);
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
                var rng = new Rng(11);
                var m = new TriPlaneEncoder<float>(GridLevels.Face(), rng);
                var x = Tensor.Uniform(rng, -0.16f, 0.16f, 5000, 3);
                x.RequiresGrad = true;
                var y = m.Forward(x);
                y.Mul(Tensor.Uniform(rng, -1f, 1f, 5000, 36)).Sum().Backward();
                return [y.ToArray(), x.Grad!.ToArray(), m.Xy.Embeddings.Grad!.ToArray(), m.Yz.Embeddings.Grad!.ToArray(), m.Xz.Embeddings.Grad!.ToArray()];
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

    [Test]
    public void BadShapesThrow()
    {
        var g = GridLevels.Face();
        var e = Tensor.Zeros<float>(g.TableRows, 1);
        var ex = Assert.Throws<ArgumentException>(() => TriPlaneGrid.Encode(Tensor.Zeros<float>(4, 2), e, e, e, g));
        Assert.That(ex!.Message, Does.Contain("[4, 2]"));
        Assert.Throws<ArgumentException>(() => TriPlaneGrid.Encode(Tensor.Zeros<float>(4, 3), Tensor.Zeros<float>(5, 1), e, e, g));
    }
}
