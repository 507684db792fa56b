using System.Text.Json;
using NUnit.Framework;
using Research.Media.Audio;
using Research.Media.Ffmpeg;
using Research.Media.Npy;
using Research.Media.Wav;
using Research.Splatting.Gaussians;
using Research.Testing;

namespace Research.Cli.Tests;

/// <summary><c>research synthesize</c> on a tiny quickstart run with only the TalkingGaussian job, trained once for the fixture.</summary>
[NonParallelizable]
public class SynthesizeCommandTests
{
    private const string Job = "synthetic/talking-gaussian/default/s0";
    private TempDirectory scratch = null!;
    private string runDir = null!;

    private string JobDir => Path.Combine(runDir, "jobs", "synthetic", "talking-gaussian", "default", "s0");

    [OneTimeSetUp]
    public async Task TrainOnce()
    {
        scratch = new TempDirectory();
        runDir = scratch.Combine("run");
        var result = await CliHarness.Run(["run", CliHarness.Quickstart, .. Overrides(), "--run-dir", runDir]);
        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
    }

    [Test]
    public async Task Should_re_render_but_not_retrain_when_only_the_dilate_option_changes()
    {
        var plan = await CliHarness.Run(["plan", CliHarness.Quickstart, .. Overrides("methods.talking-gaussian.dilate_mouth_alpha=true")]);

        Assert.That(plan.Code, Is.EqualTo(0), plan.Error);
        Assert.That(plan.Out, Does.Contain("hit   " + Job + "/train"));
        Assert.That(plan.Out, Does.Contain("miss  " + Job + "/render"));
    }

    [OneTimeTearDown]
    public void Clean() => scratch.Dispose();

    [Test]
    public async Task Should_synthesize_frames_an_mp4_with_the_audio_and_both_plys_from_a_wav()
    {
        ExternalTools.RequireFfmpeg();
        var wav = scratch.Combine("speech.wav");
        WriteSpeechLikeWav(wav, seconds: 1.23);
        var output = scratch.Combine("from-wav");

        var result = await CliHarness.Run("synthesize", "--run", runDir, "--audio", wav, "--out", output, "--threads", "2");

        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
        Assert.That(Directory.GetFiles(Path.Combine(output, "frames"), "*.png"), Has.Length.EqualTo(30), "⌊1.23 s × 25 fps⌋");
        var probe = await new Ffprobe(new FfmpegTools()).ProbeAsync(Path.Combine(output, "video.mp4"));
        Assert.That((probe.HasVideo, probe.HasAudio, probe.FrameCount), Is.EqualTo((true, true, 30L)));
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(JobDir, "model", "model.json")));
        var faceCount = info.RootElement.GetProperty("face_count").GetInt32();
        var mouthCount = info.RootElement.GetProperty("mouth_count").GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(GaussianModel.LoadPly(Path.Combine(output, "face.ply")).Count, Is.EqualTo(faceCount));
            Assert.That(GaussianModel.LoadPly(Path.Combine(output, "mouth.ply")).Count, Is.EqualTo(mouthCount));
            Assert.That(GaussianModel.LoadPly(Path.Combine(JobDir, "model", "face.ply")).Count, Is.EqualTo(faceCount), "the train stage exports too");
            Assert.That(File.ReadAllBytes(Path.Combine(JobDir, "model", "mouth.ply")), Is.EqualTo(File.ReadAllBytes(Path.Combine(output, "mouth.ply"))));
            Assert.That(result.Out, Does.Contain("video: ").And.Contain("(with audio)"));
        });
    }

    [Test]
    public async Task Should_encode_the_held_out_renders_with_the_clip_audio_in_the_run()
    {
        ExternalTools.RequireFfmpeg();

        var probe = await new Ffprobe(new FfmpegTools()).ProbeAsync(Path.Combine(JobDir, "render.mp4"));

        Assert.That((probe.HasVideo, probe.HasAudio, probe.FrameCount), Is.EqualTo((true, true, 5L)), "2 s clip: the last 5 of 50 frames are held out");
    }

    [Test]
    public async Task Should_synthesize_from_a_feature_file_with_train_poses_and_dilation()
    {
        var npy = scratch.Combine("features.npy");
        var rng = new Random(3);
        NpyFile.Write(npy, new NpyArray(Enumerable.Range(0, 7 * 16 * 29).Select(_ => (float)rng.NextDouble()).ToArray(), [7, 16, 29]));
        var output = scratch.Combine("from-npy");

        var result = await CliHarness.Run("synthesize", "--run", JobDir, "--audio", npy, "--out", output, "--poses", "train", "--dilate", "--threads", "2");

        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
        Assert.That(Directory.GetFiles(Path.Combine(output, "frames"), "*.png"), Has.Length.EqualTo(7));
        Assert.That(result.Out, Does.Contain("replaying the 45 train poses, mouth alpha dilated"));
        if (ExternalTools.HasFfmpeg)
        {
            var probe = await new Ffprobe(new FfmpegTools()).ProbeAsync(Path.Combine(output, "video.mp4"));
            Assert.That((probe.HasVideo, probe.HasAudio), Is.EqualTo((true, false)));
            Assert.That(result.Error, Does.Contain("the video is silent"));
        }
    }

    [Test]
    public async Task Should_write_frames_and_plys_without_ffmpeg_and_say_that_the_video_was_skipped()
    {
        var wav = scratch.Combine("no-ffmpeg.wav");
        WriteSpeechLikeWav(wav, seconds: 0.4);
        var output = scratch.Combine("no-ffmpeg");

        var result = await CliHarness.Run("synthesize", "--run", runDir, "--job", Job, "--audio", wav, "--out", output, "--ffmpeg", "/nonexistent/ffmpeg", "--threads", "2");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(Directory.GetFiles(Path.Combine(output, "frames"), "*.png"), Has.Length.EqualTo(10));
        Assert.That(File.Exists(Path.Combine(output, "video.mp4")), Is.False);
        Assert.That(File.Exists(Path.Combine(output, "face.ply")) && File.Exists(Path.Combine(output, "mouth.ply")), Is.True);
        Assert.That(result.Error, Does.Contain("note: ffmpeg not found"));
    }

    [Test]
    public async Task Should_explain_features_with_the_wrong_channel_count()
    {
        var npy = scratch.Combine("wrong.npy");
        NpyFile.Write(npy, new NpyArray(new float[4 * 16 * 7], [4, 16, 7]));

        var result = await CliHarness.Run("synthesize", "--run", runDir, "--job", Job, "--audio", npy, "--out", scratch.Combine("wrong"));

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("features [4, 16, 7] do not match the model's audio input [frames, 16, 29]"));
    }

    [Test]
    public async Task Should_name_the_jobs_when_the_job_is_unknown_and_reject_paths_that_are_not_runs()
    {
        var wav = scratch.Combine("short.wav");
        WriteSpeechLikeWav(wav, seconds: 0.5);

        var unknown = await CliHarness.Run("synthesize", "--run", runDir, "--job", "synthetic/nope/default/s0", "--audio", wav, "--out", scratch.Combine("x"));
        var notRun = await CliHarness.Run("synthesize", "--run", scratch.Combine("nowhere"), "--audio", wav, "--out", scratch.Combine("y"));
        var notRunFolder = await CliHarness.Run("synthesize", "--run", scratch.Path, "--audio", wav, "--out", scratch.Combine("z"));

        Assert.Multiple(() =>
        {
            Assert.That((unknown.Code, notRun.Code, notRunFolder.Code), Is.EqualTo((2, 2, 2)));
            Assert.That(unknown.Error, Does.Contain("has no job 'synthetic/nope/default/s0'; its jobs: " + Job));
            Assert.That(notRun.Error, Does.Contain("does not exist; pass a run folder"));
            Assert.That(notRunFolder.Error, Does.Contain("is neither a run folder"));
        });
    }

    [Test]
    public async Task Should_export_both_branches_as_ply_from_the_run_or_the_job_folder()
    {
        var fromRun = scratch.Combine("export-run");
        var fromJob = scratch.Combine("export-job");

        var run = await CliHarness.Run("export", "--run", runDir, "--out", fromRun);
        var job = await CliHarness.Run("export", "--run", JobDir, "--out", fromJob);
        var unknown = await CliHarness.Run("export", "--run", runDir, "--job", "synthetic/talking-gaussian/other/s0", "--out", scratch.Combine("export-none"));

        Assert.That(run.Code, Is.EqualTo(0), run.Error + run.Out);
        Assert.That(job.Code, Is.EqualTo(0), job.Error + job.Out);
        using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(JobDir, "model", "model.json")));
        Assert.Multiple(() =>
        {
            Assert.That(GaussianModel.LoadPly(Path.Combine(fromRun, "face.ply")).Count, Is.EqualTo(info.RootElement.GetProperty("face_count").GetInt32()));
            Assert.That(GaussianModel.LoadPly(Path.Combine(fromRun, "mouth.ply")).Count, Is.EqualTo(info.RootElement.GetProperty("mouth_count").GetInt32()));
            Assert.That(File.ReadAllBytes(Path.Combine(fromJob, "face.ply")), Is.EqualTo(File.ReadAllBytes(Path.Combine(fromRun, "face.ply"))));
            Assert.That(run.Out, Does.Contain("ply: " + Path.Combine(fromRun, "face.ply")));
            Assert.That(unknown.Code, Is.EqualTo(2));
            Assert.That(unknown.Error, Does.Contain("has no job 'synthetic/talking-gaussian/other/s0'").And.Contain(Job));
        });
    }

    private string[] Overrides(params string[] extra) =>
        CliHarness.Tiny(scratch.Path, ["~methods.mean-frame", "~methods.audio-retrieval", ExternalTools.HasFfmpeg ? "run.videos=true" : "run.videos=false", .. extra]);

    // A 16 kHz mono tone whose pitch and loudness change over time, so feature windows differ between frames.
    private static void WriteSpeechLikeWav(string path, double seconds)
    {
        const int rate = 16000;
        var samples = new float[(int)Math.Round(seconds * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / rate;
            samples[i] = (float)(0.3 * (0.5 + (0.5 * Math.Sin(2 * Math.PI * 3 * t))) * Math.Sin(2 * Math.PI * (180 + (120 * t)) * t));
        }

        WavFile.Write(path, new AudioClip(rate, 1, samples), WavSampleFormat.Pcm16);
    }
}
