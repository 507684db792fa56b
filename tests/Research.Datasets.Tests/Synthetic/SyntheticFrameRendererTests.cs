using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic;
using Research.Datasets.Synthetic.Animation;

namespace Research.Datasets.Tests.Synthetic;

[TestFixture]
public sealed class SyntheticFrameRendererTests
{
    private const int Size = 128;

    private static readonly HeadPose[] Poses =
    [
        HeadPose.Rest,
        new(0.12, -0.2, 0.06, 0.02, -0.02, 0.1),
        new(-0.08, 0.18, -0.06, -0.03, 0.02, -0.15),
    ];

    private static IEnumerable<TestCaseData> SeedsAndPoses() =>
        from seed in new[] { 0, 1, 2, 3, 4, 5 }
        from pose in Enumerable.Range(0, Poses.Length)
        select new TestCaseData(seed, pose).SetName($"Seed{seed}_Pose{pose}");

    [TestCaseSource(nameof(SeedsAndPoses))]
    public void FaceLandmarks_LieOnFacePixels(int seed, int pose)
    {
        var frame = Render(seed, Size, new float[Performance.ExpressionCount], Poses[pose]);
        using (Assert.EnterMultipleScope())
        {
            foreach (var k in Enumerable.Range(17, 31))
            {
                Assert.That(LabelAt(frame, k), Is.EqualTo(ParsingClass.Face), $"landmark {k}");
            }
        }
    }

    // Jaw-line landmarks are fixed vertices, not silhouette points: under a strong turn the far side hides behind the
    // cheek, so this holds for moderate poses (all poses here turn less than 12°).
    [TestCaseSource(nameof(SeedsAndPoses))]
    public void JawLine_LiesNearTheFaceBoundary(int seed, int pose)
    {
        var frame = Render(seed, Size, new float[Performance.ExpressionCount], Poses[pose]);
        const int Radius = 4;
        using (Assert.EnterMultipleScope())
        {
            for (var k = 0; k <= 16; k++)
            {
                var (x, y) = Pixel(frame, k);
                var labels = new HashSet<ParsingClass>();
                for (var dy = -Radius; dy <= Radius; dy++)
                {
                    for (var dx = -Radius; dx <= Radius; dx++)
                    {
                        labels.Add((ParsingClass)frame.Labels[(Math.Clamp(y + dy, 0, Size - 1) * Size) + Math.Clamp(x + dx, 0, Size - 1)]);
                    }
                }

                Assert.That(labels, Does.Contain(ParsingClass.Face), $"landmark {k} touches the face");
                Assert.That(labels.Count(l => l != ParsingClass.Face && l != ParsingClass.InnerMouth), Is.Positive, $"landmark {k} is within {Radius} px of the face outline");
            }
        }
    }

    [TestCase(0, 0)]
    [TestCase(3, 1)]
    [TestCase(4, 2)]
    public void OpenJaw_ShowsInnerMouthAndTeeth_ClosedMouthShowsNone(int seed, int pose)
    {
        var open = Render(seed, Size, SyntheticTestData.Weights((Expression.JawDrop, 0.7f), (Expression.LipsPart, 1f)), Poses[pose]);
        var (x62, y62) = (open.Landmarks[62 * 2], open.Landmarks[(62 * 2) + 1]);
        var (x66, y66) = (open.Landmarks[66 * 2], open.Landmarks[(66 * 2) + 1]);
        var middle = (int)Math.Round((y62 + y66) / 2) * Size + (int)Math.Round((x62 + x66) / 2);
        var closed = Render(seed, Size, new float[Performance.ExpressionCount], Poses[pose]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((ParsingClass)open.Labels[middle], Is.EqualTo(ParsingClass.InnerMouth), "between the inner lips");
            Assert.That(open.Teeth.Count(t => t), Is.Positive, "teeth show when the jaw is open");
            Assert.That(Enumerable.Range(0, open.Teeth.Length).Where(p => open.Teeth[p]).Select(p => (ParsingClass)open.Labels[p]), Has.All.EqualTo(ParsingClass.InnerMouth), "teeth belong to the inner mouth");
            Assert.That(closed.Teeth.Count(t => t), Is.Zero, "no teeth behind closed lips");
            Assert.That(closed.Labels.Count(l => l == (byte)ParsingClass.InnerMouth), Is.Zero, "no inner mouth behind closed lips");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void TorsoLayer_CoversNeckAndClothOnly(int seed)
    {
        var frame = Render(seed, Size, SyntheticTestData.Weights((Expression.JawDrop, 0.4f)), Poses[1]);
        var renderer = SyntheticTestData.Renderer(seed, Size);
        var plate = renderer.Background.Pixels;
        var torso = frame.TorsoImage.Pixels;
        var covered = 0;
        using (Assert.EnterMultipleScope())
        {
            for (var p = 0; p < frame.Labels.Length; p++)
            {
                var label = (ParsingClass)frame.Labels[p];
                var alpha = torso[(p * 4) + 3];
                Assert.That(alpha, Is.EqualTo(0).Or.EqualTo(255), "binary alpha");
                if (label is ParsingClass.Neck or ParsingClass.Cloth)
                {
                    Assert.That(alpha, Is.EqualTo(255), $"visible neck/cloth pixel {p} is in the layer");
                }

                if (alpha == 255)
                {
                    covered++;

                    // Removing the head can only reveal neck and cloth where the head was.
                    Assert.That(label, Is.Not.EqualTo(ParsingClass.Background), $"pixel {p}: layer pixel over the background");
                }
                else
                {
                    Assert.That(new[] { torso[p * 4], torso[(p * 4) + 1], torso[(p * 4) + 2] }, Is.EqualTo(new[] { plate[p * 3], plate[(p * 3) + 1], plate[(p * 3) + 2] }).AsCollection, $"pixel {p}: transparent pixels hold the plate");
                }
            }
        }

        var visibleBody = frame.Labels.Count(l => l is (byte)ParsingClass.Neck or (byte)ParsingClass.Cloth);
        Assert.That(covered, Is.GreaterThan(visibleBody), "the head hides part of the neck");
    }

    [Test]
    public void BackgroundPixels_AreThePlate_AndLabelsAreClasses()
    {
        var frame = Render(6, Size, SyntheticTestData.Weights((Expression.LipCornerPull, 0.5f)), Poses[2]);
        var plate = SyntheticTestData.Renderer(6, Size).Background.Pixels;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(frame.Labels, Has.All.LessThanOrEqualTo((byte)ParsingClass.Hair));
            for (var p = 0; p < frame.Labels.Length; p++)
            {
                if (frame.Labels[p] == (byte)ParsingClass.Background)
                {
                    Assert.That(frame.Image.Pixels.AsSpan(p * 3, 3).SequenceEqual(plate.AsSpan(p * 3, 3)), Is.True, $"pixel {p}");
                    Assert.That(frame.Depth[p], Is.EqualTo(float.PositiveInfinity));
                }
            }
        }
    }

    [Test]
    public void Frame512_LooksLikeFrame128()
    {
        var weights = SyntheticTestData.Weights((Expression.JawDrop, 0.5f), (Expression.LipsPart, 0.8f), (Expression.Blink, 0.3f));
        var small = Render(7, 128, weights, Poses[1]);
        var large = Render(7, 512, weights, Poses[1]);

        // Framing is resolution-independent: every class covers the same share of the image.
        using (Assert.EnterMultipleScope())
        {
            foreach (var label in Enum.GetValues<ParsingClass>())
            {
                var a = small.Labels.Count(l => l == (byte)label) / (double)small.Labels.Length;
                var b = large.Labels.Count(l => l == (byte)label) / (double)large.Labels.Length;
                Assert.That(b, Is.EqualTo(a).Within(0.01), label.ToString());
            }

            Assert.That(large.Landmarks.Select(v => v / 4), Is.EqualTo(small.Landmarks).Within(1e-9).AsCollection, "landmarks scale with the image (principal point W/2)");
        }
    }

    [Test]
    public void Supersampling_ChangesOnlyColourAtEdges_NotLabels()
    {
        var weights = SyntheticTestData.Weights((Expression.JawDrop, 0.5f), (Expression.LipsPart, 0.8f));
        var smooth = Render(2, Size, weights, Poses[1]);
        var plain = new RenderedFrame(Size, Size);
        SyntheticTestData.Renderer(2, Size, supersample: false).Render(weights, Poses[1], plain);
        var differing = Enumerable.Range(0, Size * Size).Count(p => !smooth.Image.Pixels.AsSpan(p * 3, 3).SequenceEqual(plain.Image.Pixels.AsSpan(p * 3, 3)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Labels, Is.EqualTo(smooth.Labels).AsCollection);
            Assert.That(plain.Teeth, Is.EqualTo(smooth.Teeth).AsCollection);
            Assert.That(differing, Is.Positive.And.LessThan(Size * Size / 2), "anti-aliasing changes some pixels, not the picture");
        }
    }

    private static RenderedFrame Render(int seed, int size, float[] weights, HeadPose pose)
    {
        var renderer = SyntheticTestData.Renderer(seed, size);
        var frame = new RenderedFrame(size, size);
        renderer.Render(weights, pose, frame);
        return frame;
    }

    private static (int X, int Y) Pixel(RenderedFrame frame, int landmark) =>
        ((int)Math.Round(frame.Landmarks[landmark * 2]), (int)Math.Round(frame.Landmarks[(landmark * 2) + 1]));

    private static ParsingClass LabelAt(RenderedFrame frame, int landmark)
    {
        var (x, y) = Pixel(frame, landmark);
        return (ParsingClass)frame.Labels[(y * frame.Width) + x];
    }
}
