using NUnit.Framework;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class GaussianDeformationTests
{
    [Test]
    public void MatchesDefinition()
    {
        var rng = new Rng(1);
        var mu = Tensor.Uniform(rng, -1.0, 1.0, 5, 3);
        var s = Tensor.Uniform(rng, -3.0, 1.0, 5, 3);
        var q = Tensor.Uniform(rng, -1.0, 1.0, 5, 4);
        var motion = new FaceMotion<double>(Tensor.Uniform(rng, -0.1, 0.1, 5, 3), Tensor.Uniform(rng, -0.1, 0.1, 5, 4), Tensor.Zeros<double>(5, 1), Tensor.Uniform(rng, -0.1, 0.1, 5, 3), null, null);
        var d = GaussianDeformation.Deform(mu, s, q, motion);
        var (m, sv, qv, dm, ds, dq) = (mu.ToArray(), s.ToArray(), q.ToArray(), motion.DeltaPosition.ToArray(), motion.DeltaScale.ToArray(), motion.DeltaRotation.ToArray());
        for (var i = 0; i < 15; i++)
        {
            Assert.That(d.Positions.ToArray()[i], Is.EqualTo(m[i] + dm[i]).Within(1e-15));
            Assert.That(d.Scales.ToArray()[i], Is.EqualTo(Math.Log(1 + Math.Exp(sv[i] + ds[i]))).Within(1e-12));
        }

        for (var r = 0; r < 5; r++)
        {
            var v = Enumerable.Range(0, 4).Select(k => qv[(4 * r) + k] + dq[(4 * r) + k]).ToArray();
            var n = Math.Sqrt(v.Sum(x => x * x));
            for (var k = 0; k < 4; k++)
            {
                Assert.That(d.Rotations.ToArray()[(4 * r) + k], Is.EqualTo(v[k] / n).Within(1e-12));
            }
        }
    }

    [Test]
    public void GradCheck()
    {
        var rng = new Rng(2);
        var mu = Tensor.Uniform(rng, -1.0, 1.0, 4, 3);
        var s = Tensor.Uniform(rng, -3.0, 1.0, 4, 3);
        var q = Tensor.Uniform(rng, -1.0, 1.0, 4, 4);
        var dmu = Tensor.Uniform(rng, -0.1, 0.1, 4, 3);
        var ds = Tensor.Uniform(rng, -0.1, 0.1, 4, 3);
        var dq = Tensor.Uniform(rng, -0.1, 0.1, 4, 4);
        FiniteDifference.Check(
            () =>
            {
                var d = GaussianDeformation.Deform(mu, s, q, new FaceMotion<double>(dmu, dq, Tensor.Zeros<double>(4, 1), ds, null, null));
                return Tensor.Concat([d.Positions, d.Scales, d.Rotations], 1);
            },
            100,
            mu, s, q, dmu, ds, dq);
    }

    [Test]
    public void BadShapesThrow()
    {
        var ex = Assert.Throws<ArgumentException>(() => GaussianDeformation.Rotations(Tensor.Zeros<double>(3, 4), Tensor.Zeros<double>(2, 4)));
        Assert.That(ex!.Message, Does.Contain("Rotations").And.Contain("[2, 4]"));
    }
}
