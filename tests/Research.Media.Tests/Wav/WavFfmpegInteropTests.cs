using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;
using Research.Media.Wav;
using Research.Testing;

namespace Research.Media.Tests.Wav;

/// <summary>
/// Decodes WAV files written by ffmpeg and compares them with ffmpeg's own float conversion of the same file
/// (<c>-f f32le</c>), which is exact for every PCM width, so the expected values are ground truth rather than a
/// re-implementation. All files are made by two ffmpeg runs in the fixture setup to keep the suite fast.
/// </summary>
[TestFixture]
public sealed class WavFfmpegInteropTests
{
    private const string Sine = "sine=frequency=440:sample_rate=16000:duration=0.25";

    // Passing through a float filter gives 24/32-bit files non-zero low bits.
    private const string LoudSine = Sine + ",volume=0.9";

    // Two different channels.
    private const string Stereo = "aevalsrc=exprs=0.8*sin(440*2*PI*t)|0.3*sin(1000*2*PI*t):s=16000:d=0.25";

    // File name, lavfi input index (0 Sine, 1 LoudSine, 2 Stereo), codec.
    private static readonly (string Name, int Input, string Codec)[] FfmpegFiles =
    [
        ("s16", 0, "pcm_s16le"),
        ("u8", 0, "pcm_u8"),
        ("s24", 1, "pcm_s24le"),
        ("s32", 1, "pcm_s32le"),
        ("f32", 1, "pcm_f32le"),
        ("f64", 1, "pcm_f64le"),
        ("stereo_s16", 2, "pcm_s16le"),
        ("stereo_s24", 2, "pcm_s24le"),
        ("stereo_f32", 2, "pcm_f32le"),
    ];

    private TempDirectory temp = null!;

    [OneTimeSetUp]
    public void MakeFiles()
    {
        ExternalTools.RequireFfmpeg();
        temp = new TempDirectory();

        List<string> generate = ["-v", "error", "-f", "lavfi", "-i", Sine, "-f", "lavfi", "-i", LoudSine, "-f", "lavfi", "-i", Stereo];
        foreach (var (name, input, codec) in FfmpegFiles)
        {
            generate.AddRange(["-map", $"{input}:a", "-c:a", codec, Wav(name)]);
        }

        generate.AddRange(["-map", "0:a", "-metadata", "title=talking head", "-c:a", "pcm_s16le", Wav("tagged")]);
        generate.AddRange(["-map", "0:a", "-rf64", "always", "-c:a", "pcm_s16le", Wav("rf64")]);
        ExternalTools.Run("ffmpeg", [.. generate]);

        var clip = WavFileTests.Signal(16000, 2, 1000, amplitude: 0.7f);
        WavFile.Write(Wav("ours_float32"), clip, WavSampleFormat.Float32);
        WavFile.Write(Wav("ours_pcm16"), clip, WavSampleFormat.Pcm16);

        // One run decodes every file to raw floats: the ground truth.
        string[] names = [.. FfmpegFiles.Select(f => f.Name), "tagged", "rf64", "ours_float32", "ours_pcm16"];
        List<string> convert = ["-v", "error", "-y"];
        foreach (var name in names)
        {
            convert.AddRange(["-i", Wav(name)]);
        }

        for (var i = 0; i < names.Length; i++)
        {
            convert.AddRange(["-map", $"{i}:a", "-f", "f32le", "-c:a", "pcm_f32le", temp.Combine(names[i] + ".raw")]);
        }

        ExternalTools.Run("ffmpeg", [.. convert]);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => temp?.Dispose();

    [TestCase("s16", 1)]
    [TestCase("u8", 1)]
    [TestCase("s24", 1)]
    [TestCase("s32", 1)]
    [TestCase("f32", 1)]
    [TestCase("f64", 1)]
    [TestCase("stereo_s16", 2)]
    [TestCase("stereo_s24", 2)]
    [TestCase("stereo_f32", 2)]
    public void Decodes_ffmpeg_wav_exactly_like_ffmpeg_converts_it_to_float(string name, int channels)
    {
        ExternalTools.RequireFfmpeg();
        var clip = WavFile.Read(Wav(name));

        Assert.That(clip.SampleRate, Is.EqualTo(16000));
        Assert.That(clip.Channels, Is.EqualTo(channels));
        Assert.That(clip.FrameCount, Is.EqualTo(4000));
        Assert.That(clip.Samples, Is.EqualTo(Raw(name)));
    }

    [Test]
    public void Decodes_a_file_with_a_metadata_list_chunk()
    {
        ExternalTools.RequireFfmpeg();

        // Guard the premise: ffmpeg put a LIST chunk between fmt and data.
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(Wav("tagged")));
        Assert.That(text.IndexOf("LIST", StringComparison.Ordinal), Is.GreaterThan(0).And.LessThan(text.IndexOf("data", StringComparison.Ordinal)));

        Assert.That(WavFile.Read(Wav("tagged")).Samples, Is.EqualTo(Raw("tagged")));
    }

    [Test]
    public void Decodes_an_rf64_file()
    {
        ExternalTools.RequireFfmpeg();
        Assert.That(File.ReadAllBytes(Wav("rf64")).Take(4), Is.EqualTo("RF64"u8.ToArray()), "premise");

        Assert.That(WavFile.Read(Wav("rf64")).Samples, Is.EqualTo(Raw("rf64")));
    }

    [TestCase("ours_float32")]
    [TestCase("ours_pcm16")]
    public void Ffmpeg_reads_our_files_back_to_the_same_samples(string name)
    {
        ExternalTools.RequireFfmpeg();

        Assert.That(Raw(name), Is.EqualTo(WavFile.Read(Wav(name)).Samples));
    }

    private string Wav(string name) => temp.Combine(name + ".wav");

    private float[] Raw(string name) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(temp.Combine(name + ".raw"))).ToArray();
}
