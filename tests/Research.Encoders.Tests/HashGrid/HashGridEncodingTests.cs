using NUnit.Framework;
using Research.Encoders.HashGrid;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Encoders.Tests.HashGrid;

[TestFixture]
public sealed class HashGridEncodingTests
{
    [Test]
    public void AblationLevelTablesHashTheFinerLevels()
    {
        var face = HashGridLevels.Face();
        Assert.That(face.Resolutions, Is.EqualTo(new[] { 16, 18, 19, 21, 22, 24, 26, 28, 31, 33, 36, 39 }), "the face planes' ladder");
        Assert.That(face.Hashed, Is.EqualTo(new[] { false, false, false, false, false, false, true, true, true, true, true, true }));
        Assert.That(face.TableSizes.Take(6), Is.EqualTo(new[] { 4913, 6859, 8000, 10648, 12167, 15625 }.Select(v => (v + 7) / 8 * 8)));
        Assert.That(face.TableSizes.Skip(6), Has.All.EqualTo(16384));
        Assert.That(face.OutputWidth, Is.EqualTo(36));
        var mouth = HashGridLevels.Mouth();
        Assert.That(mouth.Resolutions, Is.EqualTo(new[] { 64, 64, 63, 63, 62, 62, 61, 60, 60, 59, 59, 58 }));
        Assert.That(mouth.Hashed, Has.All.True);
        Assert.That(mouth.TableRows, Is.EqualTo(12 * 16384));
        Assert.That(mouth.OutputWidth, Is.EqualTo(36));
    }

    [Test]
    public void ModuleParameterIsEmbeddings()
    {
        var m = new HashGridEncoder3d<float>(HashGridLevels.Face(), new Rng(1));
        Assert.That(m.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "embeddings" }));
        Assert.That(m.Embeddings.Shape, Is.EqualTo(new[] { HashGridLevels.Face().TableRows, 3 }));
        var e = m.Embeddings.ToArray();
        Assert.That(e.Max(), Is.LessThanOrEqualTo(1e-4f));
        Assert.That(e.Min(), Is.GreaterThanOrEqualTo(-1e-4f));
    }

    [Test]
    public void CornerRowMatchesKernelConvention()
    {
        var g = new HashGridLevels(2, 1, 4, 40, 10, 1.0);
        Assert.That(g.Hashed, Is.EqualTo(new[] { false, true }));
        Assert.That(g.CornerRow(0, 1, 2, 3), Is.EqualTo(1 + (2 * 5) + (3 * 25)));
        Assert.That(g.CornerRow(1, 1, 2, 3), Is.EqualTo((int)((1u ^ unchecked(2u * 2654435761u) ^ unchecked(3u * 805459861u)) % 1024u)));
    }

    private static IEnumerable<TestCaseData> Configs()
    {
        yield return new TestCaseData(12, 3, 16.0, 38.4, 14, 0.15, 1037).SetName("Face_N1037");
        yield return new TestCaseData(12, 3, 64.0, 57.6, 14, 0.15, 513).SetName("Mouth_N513");
        yield return new TestCaseData(3, 2, 5.0, 30.0, 9, 1.0, 257).SetName("SmallHashed_N257");
        yield return new TestCaseData(1, 1, 5.0, 5.0, 17, 0.5, 1).SetName("SingleLevelSinglePoint");
    }

    [TestCaseSource(nameof(Configs))]
    public void MatchesReferenceForwardAndTableGradient(int levels, int features, double baseRes, double finest, int log2Hash, double bound, int n)
    {
        var g = new HashGridLevels(levels, features, baseRes, finest, log2Hash, bound);
        var rng = new Rng(7);

        // Strided (non-contiguous) positions: every other row of a [2n, 3] tensor; some points outside the bound.
        var wide = Tensor.Uniform(rng, -1.2 * bound, 1.2 * bound, 2 * n, 3);
        var x = wide.Slice(0, 0, 2 * n, 2);
        Assert.That(x.IsContiguous, Is.EqualTo(n == 1));
        var table = Tensor.Uniform(rng, -1.0, 1.0, g.TableRows, features);
        table.RequiresGrad = true;
        var y = HashGridEncoding.Encode(x, table, g);
        var upstream = Tensor.Uniform(rng, -1.0, 1.0, n, g.OutputWidth);
        y.Mul(upstream).Sum().Backward();
        var (expected, expectedGrad) = HashGridReference.Run(x.Contiguous().ToArray(), n, table.ToArray(), levels, features, baseRes, finest, log2Hash, bound, upstream.ToArray());
        Assert.That(y.ToArray(), Is.EqualTo(expected).Within(1e-12), "double forward");
        Assert.That(table.Grad!.ToArray(), Is.EqualTo(expectedGrad).Within(1e-11), "double table gradient");

        // float32: a point within rounding of a cell border may land in the neighbouring cell (the value is continuous).
        var xf = Tensor.FromArray(x.Contiguous().ToArray().Select(v => (float)v).ToArray(), n, 3);
        var tf = Tensor.FromArray(table.ToArray().Select(v => (float)v).ToArray(), g.TableRows, features);
        var yf = HashGridEncoding.Encode(xf, tf, g).ToArray();
        var mismatches = yf.Where((v, i) => Math.Abs(v - expected[i]) > 1e-4).Count();
        Assert.That(mismatches, Is.LessThanOrEqualTo(Math.Max(1, yf.Length / 1000)), "float32 forward");
    }

    [Test]
    public void OutsideThePointIsZeroWithZeroGradient()
    {
        var g = new HashGridLevels(2, 2, 4, 8, 17, 0.15);
        var x = Tensor.FromArray([0.0, 0.0, 0.16, -0.151, 0.0, 0.0, 0.1, 0.1, 0.1], 3, 3);
        x.RequiresGrad = true;
        var table = Tensor.Uniform(new Rng(2), -1.0, 1.0, g.TableRows, 2);
        var y = HashGridEncoding.Encode(x, table, g);
        y.Sum().Backward();
        Assert.That(y.ToArray().Take(8), Has.All.EqualTo(0.0));
        Assert.That(y.ToArray().Skip(8), Has.Some.Not.EqualTo(0.0));
        Assert.That(x.Grad!.ToArray().Take(6), Has.All.EqualTo(0.0));
    }

    [Test]
    public void GradCheckEmbeddingsAndPositions([Values(false, true)] bool hashed)
    {
        var g = hashed ? new HashGridLevels(2, 2, 6, 12, 7, 0.5) : new HashGridLevels(3, 2, 3, 5, 17, 0.5);
        Assert.That(g.Hashed.Any(h => h), Is.EqualTo(hashed));
        var rng = new Rng(3);
        var x = Tensor.Uniform(rng, -0.45, 0.45, 7, 3);
        var t = Tensor.Uniform(rng, -1.0, 1.0, g.TableRows, g.Features);
        FiniteDifference.Check(a => HashGridEncoding.Encode(a[0], a[1], g), x, t);
    }

    [Test]
    public void DeterministicAcrossThreadCounts([Values(false, true)] bool mouth)
    {
        var saved = ComputeThreads.Count;
        try
        {
            float[][] Run(int threads)
            {
                ComputeThreads.Count = threads;
                var rng = new Rng(11);
                var m = new HashGridEncoder3d<float>(mouth ? HashGridLevels.Mouth() : HashGridLevels.Face(), rng);
                var x = Tensor.Uniform(rng, -0.16f, 0.16f, 5000, 3);
                x.RequiresGrad = true;
                var y = m.Forward(x);
                y.Mul(Tensor.Uniform(rng, -1f, 1f, 5000, 36)).Sum().Backward();
                return [y.ToArray(), x.Grad!.ToArray(), m.Embeddings.Grad!.ToArray()];
            }

            var one = Run(1);
            var two = Run(2);
            var three = Run(3);
            for (var k = 0; k < one.Length; k++)
            {
                Assert.That(two[k], Is.EqualTo(one[k]), $"output {k}, 2 threads");
                Assert.That(three[k], Is.EqualTo(one[k]), $"output {k}, 3 threads");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void NoPointsGiveAnEmptyOutputAndZeroTableGradient([Values(false, true)] bool fast)
    {
        var g = HashGridLevels.Face();
        var x = Tensor.Zeros<float>(0, 3);
        x.RequiresGrad = true;
        var table = Tensor.Uniform(new Rng(1), -1f, 1f, g.TableRows, 3);
        table.RequiresGrad = true;
        var y = HashGridEncoding.EncodeCore(x, table, g, fast);
        Assert.That(y.Shape, Is.EqualTo(new[] { 0, 36 }));
        y.Sum().Backward();
        Assert.That(table.Grad!.ToArray(), Has.All.EqualTo(0f));
        Assert.That(x.Grad!.Shape, Is.EqualTo(new[] { 0, 3 }));
    }

    [Test]
    public void BadShapesThrow()
    {
        var g = HashGridLevels.Face();
        var e = Tensor.Zeros<float>(g.TableRows, 3);
        var ex = Assert.Throws<ArgumentException>(() => HashGridEncoding.Encode(Tensor.Zeros<float>(4, 2), e, g));
        Assert.That(ex!.Message, Does.Contain("[4, 2]"));
        ex = Assert.Throws<ArgumentException>(() => HashGridEncoding.Encode(Tensor.Zeros<float>(4, 3), Tensor.Zeros<float>(5, 3), g));
        Assert.That(ex!.Message, Does.Contain("[5, 3]").And.Contain(g.TableRows.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
