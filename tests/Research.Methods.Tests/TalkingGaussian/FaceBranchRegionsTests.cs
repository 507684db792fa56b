using NUnit.Framework;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Training;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class FaceBranchRegionsTests
{
    // 6×5 image: face = columns 0–3, mouth = a 2×2 block at (2..3, 1..2) overlapping the face edge and (4, 1..2) outside
    // it, hair = column 5 of row 0.
    private static (PixelMask Face, PixelMask Mouth, PixelMask Hair) Masks()
    {
        var face = new PixelMask(6, 5);
        var mouth = new PixelMask(6, 5);
        var hair = new PixelMask(6, 5);
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                face[x, y] = true;
            }
        }

        foreach (var (x, y) in new[] { (2, 1), (3, 1), (2, 2), (3, 2), (4, 1), (4, 2) })
        {
            face[x, y] = false;
            mouth[x, y] = true;
        }

        hair[5, 0] = true;
        return (face, mouth, hair);
    }

    [Test]
    public void DecomposedKeepsTheMasksAndErodesTheMouthWhenAsked()
    {
        var (face, mouth, _) = Masks();
        var (f, m) = FaceBranchRegions.For(face, mouth, decomposed: true, erosionPasses: 0);
        Assert.That(f, Is.SameAs(face));
        Assert.That(m, Is.SameAs(mouth));
        var (_, eroded) = FaceBranchRegions.For(face, mouth, decomposed: true, erosionPasses: 2);
        Assert.That(eroded.ToBooleans(), Is.EqualTo(GreenScreenTargets.Erode(mouth, 2).ToBooleans()));
    }

    [Test]
    public void NoDecompositionSupervisesTheMouthWithTheGroundTruth()
    {
        var (face, mouth, hair) = Masks();
        var n = face.Length;
        var gt = Enumerable.Range(0, 3 * n).Select(i => 0.25f + (0.5f * i / (3 * n))).ToArray();
        var (f, m) = FaceBranchRegions.For(face, mouth, decomposed: false, erosionPasses: 2);
        Assert.That(m.ToBooleans(), Has.None.True, "nothing is greened");
        Assert.That(f.ToBooleans(), Is.EqualTo(Enumerable.Range(0, n).Select(i => face[i] || mouth[i])));

        var single = GreenScreenTargets.FaceGroundTruth(gt, f, hair, m, maskHair: false, GreenScreenTargets.Green);
        var paper = GreenScreenTargets.FaceGroundTruth(gt, face, hair, mouth, maskHair: false, GreenScreenTargets.Green);
        for (var i = 0; i < n; i++)
        {
            var head = face[i] || mouth[i] || hair[i];
            for (var c = 0; c < 3; c++)
            {
                var green = c == 1 ? 1f : 0f;
                Assert.That(single[(c * n) + i], Is.EqualTo(head ? gt[(c * n) + i] : green), $"no-decomposition pixel {i} channel {c}");
                Assert.That(paper[(c * n) + i], Is.EqualTo(head && !mouth[i] ? gt[(c * n) + i] : green), $"paper pixel {i} channel {c}");
            }
        }
    }

    [Test]
    public void MaskSizesMustAgree()
    {
        var ex = Assert.Throws<ArgumentException>(() => FaceBranchRegions.For(new PixelMask(4, 4), new PixelMask(5, 4), false, 0));
        Assert.That(ex!.Message, Does.Contain("4x4").And.Contain("5x4"));
    }
}
