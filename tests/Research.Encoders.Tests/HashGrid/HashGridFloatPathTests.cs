using NUnit.Framework;
using Research.Encoders.HashGrid;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Encoders.Tests.HashGrid;

/// <summary>The float32 fast path (vectorised over points) against the generic kernel: bit-identical output and gradients.</summary>
[TestFixture]
public sealed class HashGridFloatPathTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(HashGridLevels.Face(), 1037).SetName("Face_N1037");
        yield return new TestCaseData(HashGridLevels.Mouth(), 999).SetName("Mouth_N999");
        yield return new TestCaseData(new HashGridLevels(3, 2, 5, 30, 9, 1.0), 13).SetName("SmallHashedF2_N13");
        yield return new TestCaseData(new HashGridLevels(2, 5, 3, 4, 17, 0.5), 8).SetName("DenseF5_N8");
        yield return new TestCaseData(new HashGridLevels(1, 1, 5, 5, 17, 0.5), 1).SetName("SingleLevelSinglePoint");
    }

    [TestCaseSource(nameof(Cases))]
    public void FastPathIsBitIdenticalToTheGenericKernel(HashGridLevels levels, int n)
    {
        Assert.That(HashGridFloatKernel.Supports(levels), Is.True, "this CPU runs the fast path (AVX2)");
        var rng = new Rng(5);
        var wide = Tensor.Uniform(rng, -1.1f * (float)levels.Bound, 1.1f * (float)levels.Bound, 2 * n, 3);
        var table = Tensor.Uniform(rng, -1f, 1f, levels.TableRows, levels.Features);
        var upstream = Tensor.Uniform(rng, -1f, 1f, n, levels.OutputWidth);

        float[][] Run(bool fast)
        {
            var x = wide.Slice(0, 0, 2 * n, 2).Detach(); // strided rows
            x.RequiresGrad = true;
            var t = table.Detach();
            t.RequiresGrad = true;
            var y = HashGridEncoding.EncodeCore(x, t, levels, fast);
            y.Backward(upstream);
            return [y.ToArray(), t.Grad!.ToArray(), x.Grad!.ToArray()];
        }

        var generic = Run(false);
        var vectorised = Run(true);
        Assert.That(vectorised[0], Is.EqualTo(generic[0]), "output");
        Assert.That(vectorised[1], Is.EqualTo(generic[1]), "table gradient");
        Assert.That(vectorised[2], Is.EqualTo(generic[2]), "position gradient");
        Assert.That(generic[0], Has.Some.Not.EqualTo(0f));
    }
}
