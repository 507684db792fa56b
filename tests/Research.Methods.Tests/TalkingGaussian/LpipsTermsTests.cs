using NUnit.Framework;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Losses;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

/// <summary>
/// What the LPIPS terms feed the network (shapes, blanked lips rectangle, padded crops, shrunk patches) and the
/// weights they apply, with a recording fake loss (mean absolute difference per item, differentiable).
/// </summary>
[TestFixture]
public sealed class LpipsTermsTests
{
    private static (LpipsTerms Terms, Recorder Loss, StringWriter Log) Create(int minimumSide = 31)
    {
        var loss = new Recorder(minimumSide);
        var log = new StringWriter();
        return (new LpipsTerms(loss, log, 7), loss, log);
    }

    [Test]
    public void PatchSizesAreEvenInRangeAndDependOnlyOnSeedBranchAndIteration()
    {
        var (a, _, _) = Create();
        var (b, _, _) = Create();
        var sizes = Enumerable.Range(1, 200).Select(it => a.PatchSize(LpipsTerms.Branch.Mouth, it, 16, 21)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(sizes, Is.All.InRange(32, 42).And.All.Matches<int>(p => p % 2 == 0));
            Assert.That(sizes.Distinct().Count(), Is.EqualTo(6), "all of 2·{16..21} occur");
            Assert.That(Enumerable.Range(1, 200).Select(it => b.PatchSize(LpipsTerms.Branch.Mouth, it, 16, 21)), Is.EqualTo(sizes), "same seed");
            Assert.That(Enumerable.Range(1, 200).Select(it => b.PatchSize(LpipsTerms.Branch.Fuse, it, 16, 21)), Is.Not.EqualTo(sizes), "another program");
        });
    }

    [Test]
    public void PatchTermBatchesEveryTileAndAveragesThem()
    {
        var (terms, loss, _) = Create();
        var image = Tensor.Uniform(new Rng(1), 0f, 1f, 3, 128, 128);
        var target = Tensor.Uniform(new Rng(2), 0f, 1f, 3, 128, 128);
        var value = terms.Patches(LpipsTerms.Branch.Mouth, 5, image, target, 16, 21)!;
        var p = terms.PatchSize(LpipsTerms.Branch.Mouth, 5, 16, 21);
        var expected = LpipsPatches.Patchify(image, p).Sub(LpipsPatches.Patchify(target, p)).Abs().Mean().Item();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Calls, Has.Count.EqualTo(1), "one batch");
            Assert.That(loss.Calls[0], Is.EqualTo(new[] { (128 / p) * (128 / p), 3, p, p }));
            Assert.That(value.Item(), Is.EqualTo(expected).Within(1e-6));
        });
    }

    [Test]
    public void SmallImagesShrinkThePatchOrSkipTheTermWithOneNotice()
    {
        var (terms, loss, log) = Create();
        var image = Tensor.Uniform(new Rng(1), 0f, 1f, 3, 40, 50);
        Assert.That(terms.Patches(LpipsTerms.Branch.Face, 1, image, image, 32, 48), Is.Not.Null);
        Assert.That(terms.Patches(LpipsTerms.Branch.Face, 2, image, image, 32, 48), Is.Not.Null);
        Assert.That(loss.Calls, Is.All.EqualTo(new[] { 1, 3, 40, 40 }));
        var tiny = Tensor.Uniform(new Rng(1), 0f, 1f, 3, 24, 24);
        Assert.That(terms.Patches(LpipsTerms.Branch.Fuse, 1, tiny, tiny, 16, 21), Is.Null);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), log.ToString());
        Assert.That(lines[0], Does.Contain("patches shrink to 40 px"));
        Assert.That(lines[1], Does.Contain("the patch LPIPS terms are skipped"));
    }

    [Test]
    public void FaceTermsPadTheLipsCropAndBlankItBeforeThePatches()
    {
        var (terms, loss, log) = Create();
        var image = Tensor.Uniform(new Rng(1), 0f, 1f, 3, 128, 128);
        var target = Tensor.Uniform(new Rng(2), 0f, 1f, 3, 128, 128);
        var lips = new LandmarkRect(40, 52, 20, 32);
        image.RequiresGrad = true;
        var value = terms.Face(3, image, target, lips, GreenScreenTargets.Green, new FaceBranchSchedule())!;
        var p = terms.PatchSize(LpipsTerms.Branch.Face, 3, 32, 48);
        var crop = image.Narrow(1, 30, 32).Narrow(2, 10, 32).Sub(target.Narrow(1, 30, 32).Narrow(2, 10, 32)).Abs().Mean().Item();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Calls[0], Is.EqualTo(new[] { 3, 32, 32 }), "12×12 crop padded to 32 around its centre (46, 26)");
            Assert.That(loss.Calls[1], Is.EqualTo(new[] { (128 / p) * (128 / p), 3, p, p }));
            Assert.That(log.ToString(), Does.Contain("padded to 32 px"));
        });

        // Inside the lips rectangle both images are green in the patch term, so those pixels only get the crop's gradient.
        var blankedTarget = loss.Targets[1];
        Assert.That(blankedTarget.Narrow(0, 0, 1).Narrow(2, 45, 1).Narrow(3, 25, 1).ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f }));
        var patches = LpipsPatches.Patchify(GreenScreenTargets.FillBackground(image.Detach(), lips.ToMask(128, 128), GreenScreenTargets.Green), p)
            .Sub(LpipsPatches.Patchify(GreenScreenTargets.FillBackground(target, lips.ToMask(128, 128), GreenScreenTargets.Green), p)).Abs().Mean().Item();
        Assert.That(value.Item(), Is.EqualTo((LpipsTerms.FaceLipsWeight * crop) + (LpipsTerms.FacePatchWeight * patches)).Within(1e-6));
        value.Backward();
        Assert.That(image.Grad!.ToArray().Any(g => g != 0), Is.True);
    }

    [Test]
    public void WeightsAndStartsAreTheNotes()
    {
        Assert.Multiple(() =>
        {
            Assert.That((LpipsTerms.MouthPatchWeight, LpipsTerms.FaceLipsWeight, LpipsTerms.FacePatchWeight, LpipsTerms.FusePatchWeight), Is.EqualTo((0.5f, 0.01f, 0.2f, 0.5f)));
            Assert.That((LpipsTerms.FusePatchHalfMin, LpipsTerms.FusePatchHalfMax), Is.EqualTo((16, 21)));
            Assert.That(LpipsTerms.FuseStart(10_000), Is.EqualTo(5_000));
            Assert.That(LpipsTerms.FuseStart(1_500), Is.EqualTo(750));
            Assert.That(new MouthBranchSchedule().UsesLpips(49_000), Is.False);
            Assert.That(new MouthBranchSchedule().UsesLpips(49_001), Is.True);
            Assert.That(new FaceBranchSchedule().UsesLpips(47_001), Is.True);
            Assert.That((new FaceBranchSchedule().PatchHalfMin, new FaceBranchSchedule().PatchHalfMax), Is.EqualTo((32, 48)));
        });
    }

    private sealed class Recorder(int minimumSide) : IPerceptualLoss
    {
        public List<int[]> Calls { get; } = [];

        public List<Tensor<float>> Targets { get; } = [];

        public string Description => "recorder";

        public int MinimumSide => minimumSide;

        public Tensor<float> Distances(Tensor<float> images, Tensor<float> targets)
        {
            Calls.Add([.. images.Shape]);
            Targets.Add(targets.Contiguous());
            var n = images.Size(0);
            return images.Sub(targets).Abs().Reshape(n, -1).Mean(1);
        }
    }
}
