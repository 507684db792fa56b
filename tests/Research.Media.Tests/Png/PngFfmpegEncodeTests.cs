using NUnit.Framework;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Testing;

namespace Research.Media.Tests.Png;

/// <summary>ffmpeg must read what we write, pixel for pixel, with every filter strategy and channel count.</summary>
public sealed class PngFfmpegEncodeTests
{
    private static readonly string[] RawFormats = ["gray", "ya8", "rgb24", "rgba"];

    private TempDirectory? dir;

    private static IEnumerable<TestCaseData> Cases() =>
        from strategy in Enum.GetValues<PngFilterStrategy>()
        from channels in Enumerable.Range(1, 4)
        select new TestCaseData(strategy, channels).SetArgDisplayNames($"{strategy}", $"{channels}ch");

    [OneTimeSetUp]
    public void WriteAndConvertAll()
    {
        ExternalTools.RequireFfmpeg();
        dir = new TempDirectory();
        var conversions = new List<(string, string, string)>();
        foreach (var strategy in Enum.GetValues<PngFilterStrategy>())
        {
            for (var channels = 1; channels <= 4; channels++)
            {
                PngFile.Write(Png(strategy, channels), Image(channels), new PngEncoderOptions { Filter = strategy });
                conversions.Add((Png(strategy, channels), RawFormats[channels - 1], Raw(strategy, channels)));
            }
        }

        FfmpegFrames.DecodeToRaw(conversions);
    }

    [OneTimeTearDown]
    public void Cleanup() => dir?.Dispose();

    [TestCaseSource(nameof(Cases))]
    public void Ffmpeg_decodes_our_files_exactly(PngFilterStrategy strategy, int channels)
    {
        ExternalTools.RequireFfmpeg();

        var decoded = File.ReadAllBytes(Raw(strategy, channels));

        Assert.That(decoded, Is.EqualTo(Image(channels).Pixels));
    }

    // Top half noise (wrap-around in every filter), bottom half smooth (adaptive picks several filters).
    private static ByteImage Image(int channels)
    {
        var noise = PngTestImages.Noise(37, 12, channels, seed: channels);
        var smooth = PngTestImages.Smooth(37, 11, channels);
        return new ByteImage(37, 23, channels, [.. noise.Pixels, .. smooth.Pixels]);
    }

    private string Png(PngFilterStrategy strategy, int channels) => dir!.Combine($"{strategy}_{channels}.png");

    private string Raw(PngFilterStrategy strategy, int channels) => dir!.Combine($"{strategy}_{channels}.raw");
}
