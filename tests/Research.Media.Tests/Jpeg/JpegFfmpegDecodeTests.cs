using NUnit.Framework;
using Research.Media.Jpeg;
using Research.Media.Tests.Png;
using Research.Testing;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// Decodes JPEGs written by ffmpeg's mjpeg encoder (what dataset preparation uses: `-q:v 1`, yuvj420p, plus 4:2:2,
/// 4:4:4, both Huffman strategies and restart markers from sliced encoding) and compares with ffmpeg's own decode.
/// Rendering and decoding are batched: three ffmpeg runs per fixture.
/// </summary>
/// <remarks>
/// Measured with ffmpeg 5.1 (the tolerances below leave a little room): the decoded Y/Cb/Cr planes differ from
/// ffmpeg's by at most 1 level (its integer IDCT against our float one); our RGB differs from the JFIF formula and
/// libjpeg's upsampling applied to ffmpeg's planes by at most 3 (mean ≤ 0.06); from ffmpeg's rgb24 output by at most
/// 3 for 4:4:4. For 4:2:0 and 4:2:2 ffmpeg's rgb24 is not a sample-exact reference: swscale interpolates chroma with
/// its own (bicubic) filter, not libjpeg's triangle filter, so on smooth gradients it differs by up to 7 levels (mean
/// ≤ 1.11) and at sharp colour edges by up to 173 (mean ≤ 7.8).
/// </remarks>
public sealed class JpegFfmpegDecodeTests
{
    // Sharp colour edges and text, at sizes that are and are not whole MCUs (37x23 is odd in both directions).
    private const string Sharp37 = "testsrc2=size=40x26,format=rgb24,crop=37:23:1:1";
    private const string Sharp64 = "testsrc2=size=64x48";
    private const string Sharp99 = "testsrc2=size=100x76,format=rgb24,crop=99:75:1:1";

    // Smooth colour gradients, like skin and background in a face crop.
    private const string Smooth = "gradients=s=96x64:seed=3,format=rgb24";

    // swscale's most accurate settings for ffmpeg's YCbCr → RGB reference decode.
    private const string AccurateScaler = "bicubic+accurate_rnd+full_chroma_int";

    private static readonly Case[] Cases = BuildCases();

    private TempDirectory? dir;

    private static IEnumerable<string> CaseNames => Cases.Select(c => c.Name);

    [OneTimeSetUp]
    public void RenderAll()
    {
        ExternalTools.RequireFfmpeg();
        dir = new TempDirectory();
        FfmpegFrames.RenderPngs(Cases.Select(c => (Jpg(c.Name), c.Graph, c.PixFmt, c.EncoderArgs)));
        FfmpegFrames.DecodeToRaw(Cases.Select(c => (Jpg(c.Name), c.PixFmt, Raw(c.Name, "planes"))));
        ExternalTools.Run("ffmpeg", ["-v", "error", "-y", "-sws_flags", AccurateScaler,
            .. Cases.SelectMany(c => new[] { "-i", Jpg(c.Name) }),
            .. Cases.SelectMany((c, i) => new[] { "-map", $"{i}:v", "-f", "rawvideo", "-pix_fmt", "rgb24", Raw(c.Name, "rgb") })]);
    }

    [OneTimeTearDown]
    public void Cleanup() => dir?.Dispose();

    [TestCaseSource(nameof(CaseNames))]
    public void Planes_match_ffmpeg(string name)
    {
        ExternalTools.RequireFfmpeg();
        var expected = File.ReadAllBytes(Raw(name, "planes"));

        using var frame = JpegDecoder.DecodeFrame(File.ReadAllBytes(Jpg(name)), name);

        var actual = new List<byte>();
        foreach (var c in frame.Components)
        {
            for (var y = 0; y < c.Height; y++)
            {
                actual.AddRange(c.Plane.AsSpan(y * c.Stride, c.Width));
            }
        }

        var (max, _) = JpegTestImages.Difference(actual.ToArray(), expected);
        Assert.That(max, Is.LessThanOrEqualTo(1), "largest sample difference");
    }

    [TestCaseSource(nameof(CaseNames))]
    public void Rgb_matches_ffmpeg(string name)
    {
        ExternalTools.RequireFfmpeg();
        var c = Cases.Single(c => c.Name == name);
        var expected = File.ReadAllBytes(Raw(name, "rgb"));

        var image = JpegFile.Read(Jpg(name));

        Assert.That(image.Channels, Is.EqualTo(3));
        var (max, mean) = JpegTestImages.Difference(image.Pixels, expected);
        if (c.PixFmt == "yuvj444p")
        {
            Assert.That(max, Is.LessThanOrEqualTo(3), "largest difference, no chroma upsampling involved");
        }
        else if (c.Name.StartsWith("smooth", StringComparison.Ordinal))
        {
            Assert.That(mean, Is.LessThanOrEqualTo(1.5), "mean difference on smooth gradients (different chroma filters)");
            Assert.That(max, Is.LessThanOrEqualTo(10), "largest difference on smooth gradients (different chroma filters)");
        }
        else
        {
            Assert.That(mean, Is.LessThanOrEqualTo(10), "mean difference at sharp colour edges (different chroma filters)");
        }
    }

    [TestCaseSource(nameof(CaseNames))]
    public void Rgb_equals_the_reference_conversion_of_ffmpegs_planes(string name)
    {
        ExternalTools.RequireFfmpeg();
        var planes = File.ReadAllBytes(Raw(name, "planes"));
        var image = JpegFile.Read(Jpg(name));
        var c = Cases.Single(c => c.Name == name);
        var (fx, fy) = c.PixFmt switch
        {
            "yuvj420p" => (2, 2),
            "yuvj422p" => (2, 1),
            _ => (1, 1),
        };
        var w = image.Width;
        var h = image.Height;
        var cw = (w + fx - 1) / fx;
        var ch = (h + fy - 1) / fy;
        var expected = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var luma = planes[(y * w) + x];
                var cb = Chroma(planes, w * h, cw, ch, fx, fy, x, y);
                var cr = Chroma(planes, (w * h) + (cw * ch), cw, ch, fx, fy, x, y);
                var (r, g, b) = JpegReference.YCbCrToRgb(luma, cb, cr);
                var o = ((y * w) + x) * 3;
                expected[o] = (byte)JpegReference.ToByte(r);
                expected[o + 1] = (byte)JpegReference.ToByte(g);
                expected[o + 2] = (byte)JpegReference.ToByte(b);
            }
        }

        var (max, mean) = JpegTestImages.Difference(image.Pixels, expected);
        Assert.That(max, Is.LessThanOrEqualTo(4), "largest difference (plane differences of 1 grow through the colour matrix)");
        Assert.That(mean, Is.LessThanOrEqualTo(0.1), "mean difference");
    }

    [Test]
    public void Sliced_encoding_really_writes_restart_markers()
    {
        ExternalTools.RequireFfmpeg();
        var bytes = File.ReadAllBytes(Jpg(Cases.First(c => c.Name.Contains("slices", StringComparison.Ordinal)).Name));
        var markers = Enumerable.Range(0, bytes.Length - 1).Where(i => bytes[i] == 0xFF).Select(i => bytes[i + 1]).ToList();

        Assert.That(markers, Does.Contain((byte)0xDD), "DRI");
        Assert.That(markers, Does.Contain((byte)0xD0), "RST0");
    }

    private static int Chroma(byte[] planes, int offset, int cw, int ch, int fx, int fy, int x, int y) =>
        fx == 1 && fy == 1
            ? planes[offset + (y * cw) + x]
            : JpegReference.Upsample((ix, iy) => planes[offset + (iy * cw) + ix], cw, ch, fx, fy, x, y);

    private static Case[] BuildCases()
    {
        var cases = new List<Case>();
        foreach (var pixFmt in new[] { "yuvj420p", "yuvj422p", "yuvj444p" })
        {
            var fmt = pixFmt[4..7];
            foreach (var (label, graph) in new[] { ("sharp37", Sharp37), ("sharp64", Sharp64), ("sharp99", Sharp99), ("smooth", Smooth) })
            {
                cases.Add(new($"{label}_{fmt}_q1", graph, pixFmt, "-q:v", "1", "-qmin", "1"));
                cases.Add(new($"{label}_{fmt}_q10_default_huffman", graph, pixFmt, "-q:v", "10", "-huffman", "default"));
            }

            cases.Add(new($"sharp99_{fmt}_q1_slices", Sharp99, pixFmt, "-q:v", "1", "-qmin", "1", "-threads", "2", "-slices", "2"));
            cases.Add(new($"smooth_{fmt}_q10_slices_default_huffman", Smooth, pixFmt, "-q:v", "10", "-huffman", "default", "-threads", "2", "-slices", "2"));
        }

        return [.. cases];
    }

    private string Jpg(string name) => dir!.Combine(name + ".jpg");

    private string Raw(string name, string kind) => dir!.Combine($"{name}.{kind}.raw");

    private sealed record Case(string Name, string Graph, string PixFmt, params string[] EncoderArgs);
}
