using System.Buffers.Binary;
using NUnit.Framework;
using Research.Media.Ffmpeg;
using Research.Media.Wav;
using Research.Testing;

namespace Research.Media.Tests.Ffmpeg;

/// <summary>
/// Runs the real ffmpeg/ffprobe. One ffmpeg run in the fixture setup makes every input: a 1 s 64x48 25 fps clip
/// with audio, 25 odd-sized (63x47) PNG frames, and a 1.2 s 16 kHz WAV.
/// </summary>
[TestFixture]
public sealed class FfmpegLiveTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private TempDirectory temp = null!;
    private FfmpegTools tools = null!;
    private FfmpegOperations ops = null!;
    private Ffprobe ffprobe = null!;

    private string Clip => temp.Combine("clip.mp4");

    private string SourceFrames => temp.Combine("source_frames");

    private string Speech => temp.Combine("speech.wav");

    [OneTimeSetUp]
    public void MakeInputs()
    {
        ExternalTools.RequireFfmpeg();
        temp = new TempDirectory();
        Directory.CreateDirectory(SourceFrames);

        // Durations go on the sources: with several outputs, output-side -t leaves the unbounded sources running forever.
        ExternalTools.Run(
            "ffmpeg",
            "-v", "error",
            "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=1",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=1",
            "-f", "lavfi", "-i", "testsrc=size=63x47:rate=25:duration=1", // testsrc2 would round odd sizes down
            "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=16000:duration=1.2",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", Clip,
            "-map", "2:v", "-start_number", "0", Path.Combine(SourceFrames, "%d.png"),
            "-map", "3:a", "-c:a", "pcm_s16le", Speech);

        tools = new FfmpegTools();
        ops = new FfmpegOperations(tools);
        ffprobe = new Ffprobe(tools);
    }

    [OneTimeTearDown]
    public void DeleteInputs() => temp?.Dispose();

    [SetUp]
    public void RequireFfmpeg() => ExternalTools.RequireFfmpeg();

    [Test]
    public async Task Version_and_paths_come_from_path()
    {
        Assert.That(tools.IsAvailable, Is.True);
        Assert.That(await tools.GetVersionAsync(), Does.StartWith("ffmpeg version "));
    }

    [Test]
    public async Task Probes_a_generated_clip()
    {
        var probe = await ffprobe.ProbeAsync(Clip);

        Assert.That(probe.VideoCodec, Is.EqualTo("h264"));
        Assert.That((probe.Width, probe.Height), Is.EqualTo((64, 48)));
        Assert.That(probe.Fps, Is.EqualTo(25.0));
        Assert.That(probe.FrameCount, Is.EqualTo(25));
        Assert.That(probe.FrameCountEstimated, Is.False);
        Assert.That(probe.DurationSeconds, Is.EqualTo(1.0).Within(0.05));
        Assert.That(probe.AudioStreams, Is.EqualTo(new[] { new AudioStreamInfo("aac", 44100, 1) }));
    }

    [Test]
    public async Task Extracts_25_numbered_png_frames_from_a_one_second_25_fps_clip()
    {
        var output = temp.Combine("extracted_frames");

        var count = await ops.ExtractFramesAsync(Clip, output, 25);

        var names = Directory.GetFiles(output).Select(Path.GetFileName);
        Assert.That(count, Is.EqualTo(25));
        Assert.That(names, Is.EquivalentTo(Enumerable.Range(0, 25).Select(i => $"{i}.png")));
        foreach (var file in Directory.GetFiles(output))
        {
            Assert.That(File.ReadAllBytes(file).Take(8), Is.EqualTo(PngSignature), file);
        }

        Assert.That(Directory.GetDirectories(temp.Path).Where(d => d.Contains(".tmp-", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Extracts_16_khz_mono_16_bit_audio_readable_by_wav_file()
    {
        var output = temp.Combine("extracted.wav");

        await ops.ExtractAudioAsync(Clip, output);

        var clip = WavFile.Read(output);
        var header = File.ReadAllBytes(output);
        Assert.That(clip.SampleRate, Is.EqualTo(16000));
        Assert.That(clip.Channels, Is.EqualTo(1));
        Assert.That(clip.DurationSeconds, Is.EqualTo(1.0).Within(0.05));
        Assert.That(clip.Samples.Max(), Is.GreaterThan(0.05f), "not silence");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(20)), Is.EqualTo(1), "PCM");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(34)), Is.EqualTo(16), "bits per sample");
    }

    [Test]
    public async Task Encodes_odd_sized_png_frames_and_wav_into_h264_with_audio()
    {
        var output = temp.Combine("encoded.mp4");

        // Premise: the frames really are odd-sized (PNG IHDR width and height, big-endian, at bytes 16 and 20).
        var png = File.ReadAllBytes(Path.Combine(SourceFrames, "0.png"));
        Assert.That((BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))), Is.EqualTo((63, 47)));

        await ops.EncodeVideoAsync(SourceFrames, 25, Speech, output);
        var probe = await ffprobe.ProbeAsync(output);

        Assert.That(probe.VideoCodec, Is.EqualTo("h264"));
        Assert.That((probe.Width, probe.Height), Is.EqualTo((64, 48)), "63x47 padded to even for yuv420p");
        Assert.That(probe.Fps, Is.EqualTo(25.0));
        Assert.That(probe.FrameCount, Is.EqualTo(25));
        Assert.That(probe.HasAudio, Is.True);
        Assert.That(probe.AudioStreams[0].Codec, Is.EqualTo("aac"));
    }

    [Test]
    public async Task Stacking_two_videos_doubles_the_width_and_keeps_audio()
    {
        var output = temp.Combine("stacked.mp4");

        await ops.StackHorizontallyAsync([Clip, Clip], output);
        var probe = await ffprobe.ProbeAsync(output);

        Assert.That((probe.Width, probe.Height), Is.EqualTo((128, 48)));
        Assert.That(probe.FrameCount, Is.EqualTo(25));
        Assert.That(probe.HasAudio, Is.True);
    }

    [Test]
    public async Task A_bad_input_file_surfaces_ffmpeg_and_ffprobe_stderr()
    {
        var bad = temp.Combine("bad.mp4");
        File.WriteAllText(bad, "this is not a video");
        var output = temp.Combine("bad.wav");

        var e = (await Assert.ThrowsAsync<FfmpegException>(() => ops.ExtractAudioAsync(bad, output)))!;
        var p = (await Assert.ThrowsAsync<FfmpegException>(() => ffprobe.ProbeAsync(bad)))!;

        Assert.That(e.ExitCode, Is.Not.Zero);
        Assert.That(e.StandardErrorTail, Does.Contain("Invalid data found when processing input"));
        Assert.That(e.Message, Does.Contain("bad.mp4").And.Contain("Invalid data"));
        Assert.That(p.ToolName, Is.EqualTo("ffprobe"));
        Assert.That(p.StandardErrorTail, Does.Contain("Invalid data"));
        Assert.That(Directory.GetFiles(temp.Path).Where(f => f.Contains("bad.wav", StringComparison.Ordinal)), Is.Empty, "no output or temp file");
    }
}
