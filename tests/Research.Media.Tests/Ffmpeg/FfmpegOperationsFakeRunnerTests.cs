using NUnit.Framework;
using Research.Media.Ffmpeg;
using Research.Testing;

namespace Research.Media.Tests.Ffmpeg;

/// <summary>Checks the exact command lines and the temp-then-rename handling with a fake process runner (no ffmpeg needed).</summary>
[TestFixture]
public sealed class FfmpegOperationsFakeRunnerTests
{
    private static readonly string[] Common = ["-y", "-nostdin", "-hide_banner", "-loglevel", "error"];

    private TempDirectory temp = null!;
    private FfmpegTools tools = null!;
    private FakeRunner runner = null!;
    private FfmpegOperations ops = null!;

    [SetUp]
    public void SetUp()
    {
        temp = new TempDirectory();

        // Stand-in executables: FfmpegTools only needs them to exist; the fake runner never starts them.
        Directory.CreateDirectory(temp.Combine("bin"));
        File.WriteAllText(temp.Combine("bin", "ffmpeg"), string.Empty);
        File.WriteAllText(temp.Combine("bin", "ffprobe"), string.Empty);
        runner = new FakeRunner();
        tools = new FfmpegTools(temp.Combine("bin"), runner: runner);
        ops = new FfmpegOperations(tools, runner);
        File.WriteAllText(temp.Combine("in.mp4"), "video");
    }

    [TearDown]
    public void TearDown() => temp.Dispose();

    [Test]
    public void Tools_are_found_in_a_configured_folder()
    {
        Assert.That(tools.IsAvailable, Is.True);
        Assert.That(tools.FfmpegPath, Is.EqualTo(temp.Combine("bin", "ffmpeg")));
        Assert.That(tools.FfprobePath, Is.EqualTo(temp.Combine("bin", "ffprobe")));
    }

    [Test]
    public async Task Extract_audio_passes_exactly_these_arguments_and_renames_the_temp_file()
    {
        var output = temp.Combine("out", "audio.wav");

        await ops.ExtractAudioAsync(temp.Combine("in.mp4"), output);

        var call = runner.Calls.Single();
        Assert.That(call.FileName, Is.EqualTo(temp.Combine("bin", "ffmpeg")));
        Assert.That(call.Arguments.SkipLast(1), Is.EqualTo(
            (string[])[.. Common, "-i", temp.Combine("in.mp4"), "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"]));
        Assert.That(call.Arguments[^1], Does.StartWith(output + ".tmp-"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("fake output"));
        Assert.That(Directory.GetFiles(temp.Combine("out")), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task Encode_passes_the_frame_pattern_padding_codec_and_audio_arguments()
    {
        var frames = temp.Combine("frames");
        Directory.CreateDirectory(frames);
        File.WriteAllText(Path.Combine(frames, "0.png"), "png");
        File.WriteAllText(temp.Combine("a.wav"), "wav");
        var output = temp.Combine("result.mp4");

        await ops.EncodeVideoAsync(frames, 25, temp.Combine("a.wav"), output);

        var args = runner.Calls.Single().Arguments;
        Assert.That(args.SkipLast(1), Is.EqualTo((string[])
        [
            .. Common,
            "-framerate", "25", "-start_number", "0", "-i", Path.Combine(frames, "%d.png"),
            "-i", temp.Combine("a.wav"),
            "-map", "0:v:0", "-map", "1:a:0",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18",
            "-c:a", "aac", "-shortest",
            "-f", "mp4",
        ]));
        Assert.That(File.Exists(output), Is.True);
    }

    [Test]
    public async Task Encode_without_audio_has_no_audio_arguments_and_keeps_fractional_rates()
    {
        var frames = temp.Combine("frames");
        Directory.CreateDirectory(frames);
        File.WriteAllText(Path.Combine(frames, "0.png"), "png");

        await ops.EncodeVideoAsync(frames, 30000.0 / 1001, null, temp.Combine("silent.mkv"));

        var args = runner.Calls.Single().Arguments;
        Assert.That(args, Does.Not.Contain("-shortest").And.Not.Contain("1:a:0"));
        Assert.That(args[args.ToList().IndexOf("-framerate") + 1], Is.EqualTo("29.97002997002997"));
        Assert.That(args[^2], Is.EqualTo("matroska"));
    }

    [Test]
    public async Task Stack_builds_an_hstack_filter_over_all_inputs_and_keeps_first_audio_if_any()
    {
        File.WriteAllText(temp.Combine("b.mp4"), "video");
        File.WriteAllText(temp.Combine("c.mp4"), "video");

        await ops.StackHorizontallyAsync([temp.Combine("in.mp4"), temp.Combine("b.mp4"), temp.Combine("c.mp4")], temp.Combine("side.mp4"));

        var args = runner.Calls.Single().Arguments;
        Assert.That(args.SkipLast(1), Is.EqualTo((string[])
        [
            .. Common,
            "-i", temp.Combine("in.mp4"), "-i", temp.Combine("b.mp4"), "-i", temp.Combine("c.mp4"),
            "-filter_complex", "[0:v][1:v][2:v]hstack=inputs=3,pad=ceil(iw/2)*2:ceil(ih/2)*2[v]",
            "-map", "[v]", "-map", "0:a?",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-c:a", "aac",
            "-f", "mp4",
        ]));
    }

    [Test]
    public async Task Extract_frames_writes_into_a_temp_folder_then_moves_it()
    {
        var output = temp.Combine("frames");
        runner.OnRun = args =>
        {
            var folder = Path.GetDirectoryName(args[^1])!;
            for (var i = 0; i < 3; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"{i}.png"), "png");
            }
        };

        var count = await ops.ExtractFramesAsync(temp.Combine("in.mp4"), output, 25);

        var args = runner.Calls.Single().Arguments;
        Assert.That(args.SkipLast(1), Is.EqualTo((string[])[.. Common, "-i", temp.Combine("in.mp4"), "-vf", "fps=25", "-start_number", "0"]));
        Assert.That(args[^1], Does.StartWith(output + ".tmp-").And.EndWith(Path.DirectorySeparatorChar + "%d.png"));
        Assert.That(count, Is.EqualTo(3));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "0.png", "1.png", "2.png" }));
        Assert.That(Directory.GetDirectories(temp.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "bin", "frames" }));
    }

    [Test]
    public async Task A_failing_run_raises_with_the_exit_code_and_the_last_20_stderr_lines_and_leaves_nothing()
    {
        runner.Result = new ProcessResult(1, string.Empty, string.Join('\n', Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\n\n");
        var output = temp.Combine("audio.wav");

        var e = (await Assert.ThrowsAsync<FfmpegException>(() => ops.ExtractAudioAsync(temp.Combine("in.mp4"), output)))!;

        Assert.That(e.ExitCode, Is.EqualTo(1));
        Assert.That(e.ToolName, Is.EqualTo("ffmpeg"));
        Assert.That(e.StandardErrorTail.Split(Environment.NewLine), Is.EqualTo(Enumerable.Range(11, 20).Select(i => $"line {i}")));
        Assert.That(e.Message, Does.Contain("exit code 1").And.Contain("extracting audio from").And.Contain("line 30").And.Not.Contain("line 10" + Environment.NewLine));
        Assert.That(Directory.GetFiles(temp.Path), Is.EqualTo(new[] { temp.Combine("in.mp4") }), "temp output deleted");
    }

    [Test]
    public async Task Missing_ffmpeg_gives_install_hints()
    {
        var missing = new FfmpegTools(temp.Combine("nowhere", "ffmpeg"), temp.Combine("nowhere", "ffprobe"));
        var noOps = new FfmpegOperations(missing, runner);

        var e = (await Assert.ThrowsAsync<ToolNotFoundException>(() => noOps.ExtractAudioAsync(temp.Combine("in.mp4"), temp.Combine("a.wav"))))!;

        Assert.That(missing.IsAvailable, Is.False);
        Assert.That(e.ToolName, Is.EqualTo("ffmpeg"));
        Assert.That(e.Message, Does.Contain(temp.Combine("nowhere", "ffmpeg"))
            .And.Contain("apt-get install ffmpeg (Debian/Ubuntu)")
            .And.Contain("brew install ffmpeg (macOS)")
            .And.Contain("winget install ffmpeg (Windows)")
            .And.Contain("set the path in the config"));
        Assert.That(() => missing.RequireFfprobe(), Throws.TypeOf<ToolNotFoundException>().With.Message.Contains("ffprobe"));
        Assert.That(runner.Calls, Is.Empty);
    }

    [Test]
    public void Inputs_are_checked_before_running()
    {
        var frames = temp.Combine("frames");
        Directory.CreateDirectory(frames);
        File.WriteAllText(Path.Combine(frames, "1.png"), "png");
        var busy = temp.Combine("busy");
        Directory.CreateDirectory(busy);
        File.WriteAllText(Path.Combine(busy, "keep.txt"), "keep");

        Assert.That(() => ops.EncodeVideoAsync(frames, 25, null, temp.Combine("o.mp4")), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("0.png"));
        Assert.That(() => ops.ExtractAudioAsync(temp.Combine("missing.mp4"), temp.Combine("o.wav")), Throws.TypeOf<FileNotFoundException>());
        Assert.That(() => ops.StackHorizontallyAsync([temp.Combine("in.mp4")], temp.Combine("o.mp4")), Throws.ArgumentException.With.Message.Contains("at least two"));
        Assert.That(() => ops.ExtractFramesAsync(temp.Combine("in.mp4"), frames, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => ops.ExtractFramesAsync(temp.Combine("in.mp4"), busy, 25), Throws.TypeOf<IOException>().With.Message.Contains("not empty"));
        Assert.That(File.Exists(Path.Combine(busy, "keep.txt")), Is.True);
        Assert.That(runner.Calls, Is.Empty);
    }

    [Test]
    public async Task Version_is_the_first_line_of_ffmpeg_version()
    {
        runner.Result = new ProcessResult(0, "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers\nbuilt with gcc 12\n", string.Empty);

        Assert.That(await tools.GetVersionAsync(), Is.EqualTo("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers"));
        Assert.That(tools.Version, Does.StartWith("ffmpeg version 5.1.6"));
        Assert.That(runner.Calls.Single().Arguments, Is.EqualTo(new[] { "-version" }));
    }

    [Test]
    public async Task Ffprobe_passes_the_json_arguments_and_parses_stdout()
    {
        runner.Result = new ProcessResult(0, """{ "streams": [ { "codec_type": "audio", "codec_name": "pcm_s16le", "sample_rate": "16000", "channels": 1 } ] }""", string.Empty);
        var probe = await new Ffprobe(tools, runner).ProbeAsync(temp.Combine("in.mp4"));

        var call = runner.Calls.Single();
        Assert.That(call.FileName, Is.EqualTo(temp.Combine("bin", "ffprobe")));
        Assert.That(call.Arguments, Is.EqualTo(new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams", temp.Combine("in.mp4") }));
        Assert.That(probe.AudioStreams.Single(), Is.EqualTo(new AudioStreamInfo("pcm_s16le", 16000, 1)));
    }

    /// <summary>Records calls; by default "succeeds" and writes a file at the output path (the last argument).</summary>
    private sealed class FakeRunner : IProcessRunner
    {
        public List<(string FileName, IReadOnlyList<string> Arguments)> Calls { get; } = [];

        public ProcessResult Result { get; set; } = new(0, string.Empty, string.Empty);

        public Action<IReadOnlyList<string>>? OnRun { get; set; }

        public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add((fileName, arguments.ToArray()));
            if (Result.ExitCode == 0 && arguments.Count > 1)
            {
                if (OnRun is not null)
                {
                    OnRun(arguments);
                }
                else if (Path.IsPathRooted(arguments[^1]))
                {
                    File.WriteAllText(arguments[^1], "fake output");
                }
            }

            return Task.FromResult(Result);
        }
    }
}
