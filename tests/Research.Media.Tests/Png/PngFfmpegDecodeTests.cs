using NUnit.Framework;
using Research.Media.Png;
using Research.Testing;

namespace Research.Media.Tests.Png;

/// <summary>
/// Decodes files written by ffmpeg and compares with ffmpeg's own raw decode of the same file, which is exact ground
/// truth. All files are rendered and converted once per fixture (two ffmpeg runs in total).
/// </summary>
public sealed class PngFfmpegDecodeTests
{
    private const string TestSource = "testsrc2=size=37x23";

    // Planar RGB(A) lets geq set every channel, including a varying alpha.
    private const string AlphaSource = "testsrc2=size=37x23,format=gbrap,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='mod(X*7+Y*13,256)'";

    // Values that are not multiples of 257, so the 16-bit reduction has to round.
    private const string Deep =
        "testsrc2=size=37x23,format=gbrap16le,geq=r='mod(X*1789+Y*2803,65536)':g='mod(X*977+Y*4099,65536)':b='mod(X*X*31+Y*701,65536)':a='mod(X*3001+Y*53,65536)'";

    private const string DeepGray = "testsrc2=size=37x23,format=gray16le,geq=lum='mod(X*1789+Y*2803,65536)'";

    // Palette with transparent entries: palettegen reserves one, paletteuse maps low alpha to it.
    private const string PaletteAlpha =
        "testsrc2=size=37x23:d=0.04,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(X,10),0,255)',split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128";

    // testsrc2 cannot render below 2x2 itself; crop a packed copy instead.
    private const string Tiny = "testsrc2=size=16x16,format=rgb24,crop=1:1:5:5";

    private static readonly Case[] EightBit =
    [
        new("rgb24", TestSource, "rgb24", "rgb24", 3),
        new("rgba", AlphaSource, "rgba", "rgba", 4),
        new("gray", TestSource, "gray", "gray", 1),
        new("ya8", AlphaSource, "ya8", "ya8", 2),
        new("pal8", TestSource, "pal8", "rgb24", 3),
        new("pal8_trns", PaletteAlpha, "pal8", "rgba", 4),
        new("monob", TestSource, "monob", "gray", 1),
        .. new[] { "none", "sub", "up", "avg", "paeth", "mixed" }.SelectMany(pred => new Case[]
        {
            new($"rgb24_{pred}", TestSource, "rgb24", "rgb24", 3, "-pred", pred),
            new($"rgba_{pred}", AlphaSource, "rgba", "rgba", 4, "-pred", pred),
            new($"gray_{pred}", TestSource, "gray", "gray", 1, "-pred", pred),
            new($"ya8_{pred}", AlphaSource, "ya8", "ya8", 2, "-pred", pred),
        }),
        new("rgb24_adam7", TestSource, "rgb24", "rgb24", 3, "-flags", "+ildct"),
        new("rgb24_adam7_paeth", TestSource, "rgb24", "rgb24", 3, "-flags", "+ildct", "-pred", "paeth"),
        new("ya8_adam7_mixed", AlphaSource, "ya8", "ya8", 2, "-flags", "+ildct", "-pred", "mixed"),
        new("rgba_adam7_paeth", AlphaSource, "rgba", "rgba", 4, "-flags", "+ildct", "-pred", "paeth"),
        new("gray_adam7_avg", TestSource, "gray", "gray", 1, "-flags", "+ildct", "-pred", "avg"),
        new("pal8_adam7", TestSource, "pal8", "rgb24", 3, "-flags", "+ildct"),
        new("monob_adam7", TestSource, "monob", "gray", 1, "-flags", "+ildct"),
        new("rgb24_adam7_1x1", Tiny, "rgb24", "rgb24", 3, "-flags", "+ildct"),
        new("rgb24_adam7_5x3", "testsrc2=size=5x3", "rgb24", "rgb24", 3, "-flags", "+ildct"),
        new("monob_adam7_9x2", "testsrc2=size=9x2", "monob", "gray", 1, "-flags", "+ildct"),
    ];

    // Raw format here is ffmpeg's own 8-bit conversion; the 16-bit raw uses the written pixel format.
    private static readonly Case[] SixteenBit =
    [
        new("rgb48be", Deep, "rgb48be", "rgb24", 3),
        new("rgba64be", Deep, "rgba64be", "rgba", 4, "-pred", "paeth"),
        new("gray16be", DeepGray, "gray16be", "gray", 1),
        new("ya16be", Deep, "ya16be", "ya8", 2, "-pred", "avg"),
        new("rgb48be_adam7", Deep, "rgb48be", "rgb24", 3, "-flags", "+ildct", "-pred", "mixed"),
    ];

    private TempDirectory? dir;

    private static IEnumerable<string> EightBitNames => EightBit.Select(c => c.Name);

    private static IEnumerable<string> SixteenBitNames => SixteenBit.Select(c => c.Name);

    [OneTimeSetUp]
    public void RenderAll()
    {
        ExternalTools.RequireFfmpeg();
        dir = new TempDirectory();
        var all = EightBit.Concat(SixteenBit).ToArray();
        FfmpegFrames.RenderPngs(all.Select(c => (Png(c.Name), c.Graph, c.PixFmt, c.EncoderArgs)));
        FfmpegFrames.DecodeToRaw(
            all.Select(c => (Png(c.Name), c.RawFmt, Raw(c.Name)))
                .Concat(SixteenBit.Select(c => (Png(c.Name), c.PixFmt, Raw(c.Name + "_16")))));
    }

    [OneTimeTearDown]
    public void Cleanup() => dir?.Dispose();

    [TestCaseSource(nameof(EightBitNames))]
    public void Matches_ffmpeg_exactly(string name)
    {
        ExternalTools.RequireFfmpeg();
        var c = EightBit.Single(c => c.Name == name);
        var expected = File.ReadAllBytes(Raw(name));

        var image = PngFile.Read(Png(name));

        Assert.That(image.Channels, Is.EqualTo(c.Channels));
        Assert.That(image.Pixels, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(SixteenBitNames))]
    public void Sixteen_bit_is_rounded_to_eight_bits(string name)
    {
        ExternalTools.RequireFfmpeg();
        var c = SixteenBit.Single(c => c.Name == name);
        var rounded = FfmpegFrames.Reduce16(File.ReadAllBytes(Raw(name + "_16")));
        var ffmpeg8 = File.ReadAllBytes(Raw(name));

        var image = PngFile.Read(Png(name));

        Assert.That(image.Channels, Is.EqualTo(c.Channels));
        Assert.That(image.Pixels, Is.EqualTo(rounded), "exact against the 16-bit samples, rounded");
        Assert.That(image.Pixels, Is.EqualTo(ffmpeg8).Within(1), "within 1 of ffmpeg's own 8-bit conversion");
    }

    private string Png(string name) => dir!.Combine(name + ".png");

    private string Raw(string name) => dir!.Combine(name + ".raw");

    private sealed record Case(string Name, string Graph, string PixFmt, string RawFmt, int Channels, params string[] EncoderArgs);
}
