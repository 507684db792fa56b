using NUnit.Framework;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors;
using Research.Tensors.Optim;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class TrainingScheduleTests
{
    [Test]
    public void MotionLrFactorAtBoundaries()
    {
        Assert.That(MotionLrSchedule.Factor(0, 40_000, 50_000), Is.EqualTo(1.0));
        Assert.That(MotionLrSchedule.Factor(20_000, 40_000, 50_000), Is.EqualTo(Math.Sqrt(0.5)).Within(1e-15));
        Assert.That(MotionLrSchedule.Factor(39_999, 40_000, 50_000), Is.EqualTo(Math.Pow(0.5, 39_999 / 40_000.0)).Within(1e-15));
        Assert.That(MotionLrSchedule.Factor(40_000, 40_000, 50_000), Is.EqualTo(Math.Pow(0.1, 0.8)).Within(1e-15), "jumps to the second phase at S");
        Assert.That(MotionLrSchedule.Factor(50_000, 40_000, 50_000), Is.EqualTo(0.1).Within(1e-15));
        Assert.That(new MouthBranchSchedule().MotionLrFactor(39_000), Is.EqualTo(Math.Pow(0.1, 39_000 / 49_000.0)).Within(1e-15));
        Assert.That(new FaceBranchSchedule().MotionLrFactor(39_999), Is.EqualTo(Math.Pow(0.5, 39_999 / 40_000.0)).Within(1e-15));
    }

    [Test]
    public void MotionLrScheduleDrivesParameterGroups()
    {
        var group = new ParameterGroup<float>([Tensor.Zeros<float>(1)], 5e-3);
        var schedule = MotionLrSchedule.Create([group], 4, 10);
        Assert.That(group.Lr, Is.EqualTo(5e-3).Within(1e-18));
        for (var i = 0; i < 4; i++)
        {
            schedule.Step();
        }

        Assert.That(group.Lr, Is.EqualTo(5e-3 * Math.Pow(0.1, 0.4)).Within(1e-15));
    }

    [Test]
    public void PositionLrDecaysLogLinearly()
    {
        var lr = ExponentialLrDecay.Position(0.5);
        Assert.That(lr.At(0), Is.EqualTo(8e-5).Within(1e-18));
        Assert.That(lr.At(22_500), Is.EqualTo(8e-6).Within(1e-17));
        Assert.That(lr.At(45_000), Is.EqualTo(8e-7).Within(1e-19));
        Assert.That(lr.At(50_000), Is.EqualTo(8e-7).Within(1e-19));
        Assert.That(lr.At(-1), Is.Zero);
        Assert.That(new ExponentialLrDecay(1, 0.01, 100) { DelaySteps = 10, DelayMultiplier = 0.01 }.At(0), Is.EqualTo(0.01).Within(1e-15));
    }

    [Test]
    public void MinOpacityRises()
    {
        Assert.That(PruneSchedule.MinOpacity(0, 49_000), Is.EqualTo(0.05));
        Assert.That(PruneSchedule.MinOpacity(24_500, 49_000), Is.EqualTo(0.175).Within(1e-15));
        Assert.That(new FaceBranchSchedule().MinOpacity(49_000), Is.EqualTo(0.30).Within(1e-15));
        Assert.That(new MouthBranchSchedule().MinOpacity(45_000), Is.EqualTo(0.30).Within(1e-15));
    }

    [TestCase(3000, false)]
    [TestCase(3001, true)]
    [TestCase(3003, false)] // 7·429
    [TestCase(45_999, true)]
    [TestCase(45_997, false)] // 7·6571
    [TestCase(46_000, false)]
    [TestCase(100, false)]
    public void HairMasking(int iteration, bool expected) =>
        Assert.That(new FaceBranchSchedule().MasksHair(iteration), Is.EqualTo(expected));

    [Test]
    public void FacePhaseBoundaries()
    {
        var s = new FaceBranchSchedule();
        Assert.That((s.UsesMotion(2999), s.UsesMotion(3000)), Is.EqualTo((false, true)));
        Assert.That((s.UsesRegularisers(3000), s.UsesRegularisers(3001), s.UsesRegularisers(50_000)), Is.EqualTo((false, true, false)));
        Assert.That((s.UsesLpips(47_000), s.UsesLpips(47_001)), Is.EqualTo((false, true)));
        Assert.That((s.UsesGreenScreen(49_999), s.UsesGreenScreen(50_000)), Is.EqualTo((true, false)));
    }

    [Test]
    public void MouthPhaseBoundaries()
    {
        var s = new MouthBranchSchedule();
        Assert.That((s.UsesAlphaPrior(3000), s.UsesAlphaPrior(3001)), Is.EqualTo((false, true)));
        Assert.That((s.IsColourOnly(49_000), s.IsColourOnly(49_001)), Is.EqualTo((false, true)));
        Assert.That((s.UsesLpips(49_000), s.UsesLpips(49_001)), Is.EqualTo((false, true)));
    }

    [Test]
    public void ScaledKeepsIntervals()
    {
        var face = new FaceBranchSchedule().Scaled(0.1);
        Assert.That((face.Iterations, face.WarmupIterations, face.SelectUntil, face.BackgroundIteration), Is.EqualTo((5000, 300, 4000, 5000)));
        Assert.That((face.DensifyUntil, face.LpipsStart, face.HairMaskUntil), Is.EqualTo((4900, 4700, 4600)));
        Assert.That((face.SelectInterval, face.HairMaskInterval), Is.EqualTo((15, 7)));
        var mouth = new MouthBranchSchedule().Scaled(0.1);
        Assert.That((mouth.Iterations, mouth.WarmupIterations, mouth.SelectUntil, mouth.BackgroundIteration, mouth.DensifyUntil, mouth.SelectInterval), Is.EqualTo((5000, 300, 3900, 4900, 4500, 7)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceBranchSchedule().Scaled(0));
    }
}
