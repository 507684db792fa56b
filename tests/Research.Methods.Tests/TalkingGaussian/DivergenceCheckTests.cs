using NUnit.Framework;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class DivergenceCheckTests
{
    [Test]
    public void ANaNLossTermIsNamedWithStageAndIteration()
    {
        var terms = new LossTerms();
        terms.Add("l1", Tensor.Scalar(0.5f));
        terms.Add("dssim", Tensor.Scalar(float.NaN), 0.2f);
        var error = Assert.Throws<TrainingDivergedException>(() => terms.Check("face", 812));
        Assert.That(error!.Message, Does.StartWith("face iteration 812: loss term 'dssim' is NaN"));
    }

    [Test]
    public void AnInfiniteTotalIsReportedAsTheLoss()
    {
        var terms = new LossTerms();
        terms.Add("l1", Tensor.Scalar(3e38f));
        terms.Add("alpha_reg", Tensor.Scalar(3e38f), 2f);
        var error = Assert.Throws<TrainingDivergedException>(() => terms.Check("mouth", 3));
        Assert.That(error!.Message, Does.StartWith("mouth iteration 3: the weighted loss sum is +Inf (terms l1 3E+38, alpha_reg 3E+38)"));
        Assert.That(terms.Values()["alpha_reg"], Is.EqualTo(3e38f), "curves hold the unweighted term");
    }

    [Test]
    public void TotalIsTheWeightedSumInCallOrder()
    {
        var terms = new LossTerms();
        terms.Add("l1", Tensor.Scalar(0.25f));
        terms.Add("dssim", Tensor.Scalar(0.5f), 0.2f);
        terms.Add("alpha_reg", Tensor.Scalar(2f), 1e-3f);
        Assert.That(terms.Total.Item(), Is.EqualTo(0.25f + (0.5f * 0.2f) + (2f * 1e-3f)));
        Assert.DoesNotThrow(() => terms.Check("fuse", 1));
    }

    [TestCase(1, 0)]
    [TestCase(17, 16)]
    [TestCase(33, 5)]
    [TestCase(64, 63)]
    public void ParameterCheckFindsTheFirstBadElementAtAnyPosition(int length, int bad)
    {
        var values = Enumerable.Range(0, length).Select(i => (float)i).ToArray();
        Assert.DoesNotThrow(() => ParameterCheck.Check("face", 2, [("face.xyz", Tensor.FromArray(values, length))]));
        values[bad] = float.PositiveInfinity;
        var error = Assert.Throws<TrainingDivergedException>(() => ParameterCheck.Check("face", 2, [("face.f_dc", Tensor.FromArray([1f], 1)), ("face.xyz", Tensor.FromArray(values, length))]));
        Assert.That(error!.Message, Does.StartWith($"face iteration 2: parameter 'face.xyz' has +Inf (element {bad} of [{length}])"));
        values[bad] = float.NaN;
        error = Assert.Throws<TrainingDivergedException>(() => ParameterCheck.Check("fuse", 9, [("mouth.f_rest", Tensor.FromArray(values, length))]));
        Assert.That(error!.Message, Does.StartWith("fuse iteration 9: parameter 'mouth.f_rest' has NaN"));
    }
}
