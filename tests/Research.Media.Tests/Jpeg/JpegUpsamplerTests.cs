using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// Row-wise chroma upsampling against the per-sample triangle-filter formula (<see cref="JpegReference.Upsample"/>),
/// exact: both are integer arithmetic with the same weights and biases. Planes are padded with random samples
/// outside the component's real area, so reading past the edge instead of replicating it shows up as a mismatch.
/// </summary>
public sealed class JpegUpsamplerTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // (frame width, height, sampling of component 0, sampling of the tested component 1)
        (int W, int H, int H0, int V0, int H1, int V1)[] layouts =
        [
            (37, 23, 2, 2, 1, 1),
            (64, 48, 2, 2, 1, 1),
            (37, 23, 2, 1, 1, 1),
            (37, 23, 1, 2, 1, 1),
            (37, 23, 2, 2, 2, 1),
            (37, 23, 2, 2, 1, 2),
            (37, 23, 4, 1, 1, 1),
            (37, 23, 4, 2, 1, 1),
            (37, 23, 3, 1, 1, 1),
            (5, 3, 2, 2, 1, 1),
            (4, 7, 2, 2, 1, 1),
            (4, 7, 2, 1, 1, 1),
            (1, 1, 2, 2, 1, 1),
            (2, 9, 1, 2, 1, 1),
            (16, 16, 1, 1, 1, 1),
        ];
        foreach (var l in layouts)
        {
            yield return new TestCaseData(l.W, l.H, l.H0, l.V0, l.H1, l.V1)
                .SetArgDisplayNames($"{l.W}x{l.H}", $"Y{l.H0}x{l.V0}", $"C{l.H1}x{l.V1}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Rows_match_the_per_sample_formula(int width, int height, int h0, int v0, int h1, int v1)
    {
        using var frame = new JpegFrame(width, height, false, [new JpegComponent(1, h0, v0, 0), new JpegComponent(2, h1, v1, 0)]);
        frame.Allocate();
        var c = frame.Components[1];
        var random = new Random((width * 1000) + height);
        random.NextBytes(c.Plane);

        var fx = frame.MaxHorizontal / c.Horizontal;
        var fy = frame.MaxVertical / c.Vertical;
        var exactRatio = fx * c.Horizontal == frame.MaxHorizontal && fy * c.Vertical == frame.MaxVertical;
        var fancy = exactRatio && ((fx, fy) == (1, 2) || (c.Width > 2 && (fx, fy) is (2, 1) or (2, 2)));

        int Input(int x, int y)
        {
            Assert.That(x, Is.InRange(0, c.Width - 1));
            Assert.That(y, Is.InRange(0, c.Height - 1));
            return c.Plane[(y * c.Stride) + x];
        }

        var upsampler = new JpegUpsampler(frame, c);
        var scratch = JpegUpsampler.ScratchLength(frame);
        var output = new byte[scratch];
        var sums = new int[scratch];
        for (var y = 0; y < height; y++)
        {
            var row = upsampler.Row(y, output, sums);
            for (var x = 0; x < width; x++)
            {
                var expected = fancy
                    ? JpegReference.Upsample(Input, c.Width, c.Height, fx, fy, x, y)
                    : Input(x * c.Horizontal / frame.MaxHorizontal, y * c.Vertical / frame.MaxVertical);
                Assert.That(row[x], Is.EqualTo(expected), $"sample ({x}, {y})");
            }
        }
    }

    [Test]
    public void Component_geometry_follows_the_frame_header()
    {
        using var frame = new JpegFrame(37, 23, false, [new JpegComponent(1, 2, 2, 0), new JpegComponent(2, 1, 1, 1)]);

        Assert.That((frame.McusPerLine, frame.McusPerColumn), Is.EqualTo((3, 2)));
        var luma = frame.Components[0];
        var chroma = frame.Components[1];
        Assert.That((luma.Width, luma.Height, luma.BlocksPerLine, luma.BlocksPerColumn), Is.EqualTo((37, 23, 6, 4)));
        Assert.That((chroma.Width, chroma.Height, chroma.BlocksPerLine, chroma.BlocksPerColumn), Is.EqualTo((19, 12, 3, 2)));
        Assert.That((chroma.ScanBlocksPerLine, chroma.ScanBlocksPerColumn), Is.EqualTo((3, 2)));
        Assert.That((luma.ScanBlocksPerLine, luma.ScanBlocksPerColumn), Is.EqualTo((5, 3)));
    }
}
