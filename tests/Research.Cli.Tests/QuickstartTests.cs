using System.Text.Json;
using NUnit.Framework;
using Research.Testing;

namespace Research.Cli.Tests;

public class QuickstartTests
{
    [Test]
    public async Task Should_run_the_quickstart_end_to_end_and_do_no_work_the_second_time()
    {
        using var scratch = new TempDirectory();
        var runDir = scratch.Combine("run-a");

        var first = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path), "--run-dir", runDir]);
        var second = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path), "--run-dir", scratch.Combine("run-b")]);

        Assert.That(first.Code, Is.EqualTo(0), first.Error + first.Out);
        Assert.That(second.Code, Is.EqualTo(0), second.Error);
        var csv = File.ReadAllLines(Path.Combine(runDir, "results.csv"));
        Assert.That(csv, Has.Length.EqualTo(5), "header + mean-frame + two audio-retrieval variants + talking-gaussian");
        Assert.That(csv[1..].Select(l => l.Split(',')[1] + "/" + l.Split(',')[2]), Is.EquivalentTo(new[] { "mean-frame/default", "audio-retrieval/nearest", "audio-retrieval/average-3", "talking-gaussian/default" }));
        Assert.That(File.ReadAllText(Path.Combine(runDir, "report.md")), Does.Contain("| audio-retrieval | average-3 | 1 | 5 |"));
        Assert.That(Directory.GetFiles(Path.Combine(runDir, "jobs", "synthetic", "mean-frame", "default", "s0", "renders")), Has.Length.EqualTo(5), "2 s at 25 fps: the last 5 of 50 frames are held out");
        Assert.That(File.ReadAllText(Path.Combine(runDir, "config.yaml")), Does.Contain("neighbours: 3"));

        // No weights and no OpenFace: the learned metrics are "—" with footnotes, and the log says why once each.
        var markdown = File.ReadAllText(Path.Combine(runDir, "report.md"));
        Assert.That(markdown, Does.Contain("| LPIPS ↓ | Sync-C ↑ | Sync-D ↓ | AUE-U ↓ | AUE-L ↓ | LMD ↓ (px) |"));
        Assert.That(markdown, Does.Contain("| —¹ | —² | —² | —³ | —³ | —³ |"));
        Assert.That(markdown, Does.Contain("¹ LPIPS-alex weights not found").And.Contain("² SyncNet weights not found").And.Contain("³ AUE and LMD need OpenFace"));
        Assert.That(first.Out, Does.Contain("LPIPS will be shown as —: LPIPS-alex weights not found"));
        Assert.That(csv[0], Does.EndWith(",lmd,lmd_ci_low,lmd_ci_high,unavailable"));
        Assert.That(csv[1], Does.EndWith(",,,lpips;sync;aue;lmd"));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch.Combine("run-b"), "manifest.json")));
        var stages = manifest.RootElement.GetProperty("stages").EnumerateArray().ToList();
        Assert.That(stages, Has.Count.EqualTo(17), "synthesize, extract, audio-features, masks, background, then train/render/evaluate for 4 jobs");
        Assert.That(stages.Select(s => s.GetProperty("cache_hit").GetBoolean()), Is.All.True, "the second run does no work");
        Assert.That(manifest.RootElement.GetProperty("seeds").EnumerateObject().Count(), Is.EqualTo(12));
        Assert.That(File.ReadAllText(Path.Combine(scratch.Combine("run-b"), "results.csv")), Is.EqualTo(string.Join('\n', csv) + "\n"), "same results from the cache");
    }

    [Test]
    public async Task Should_merge_shards_that_share_a_run_folder()
    {
        using var scratch = new TempDirectory();
        var shared = scratch.Combine("shared");

        var one = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path), "--shard", "1/2", "--run-dir", shared]);
        var afterOne = File.ReadAllLines(Path.Combine(shared, "results.csv")).Length;
        var two = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path), "--shard", "2/2", "--run-dir", shared]);
        var report = await CliHarness.Run("report", shared);

        Assert.That((one.Code, two.Code, report.Code), Is.EqualTo((0, 0, 0)), one.Error + two.Error + report.Error);
        Assert.That(afterOne, Is.EqualTo(3), "shard 1 of 2 holds jobs 1 and 3");
        Assert.That(File.ReadAllLines(Path.Combine(shared, "results.csv")), Has.Length.EqualTo(5));
        Assert.That(File.Exists(Path.Combine(shared, "manifest.shard-1-2.json")) && File.Exists(Path.Combine(shared, "manifest.shard-2-2.json")), Is.True);
    }

    [Test]
    public async Task Should_plan_with_reasons_after_a_parameter_change()
    {
        using var scratch = new TempDirectory();
        await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path)]);

        var plan = await CliHarness.Run(["plan", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path, "methods.audio-retrieval.variants.average-3.neighbours=4")]);

        Assert.That(plan.Code, Is.EqualTo(0), plan.Error);
        Assert.That(plan.Out, Does.Contain("miss  synthetic/audio-retrieval/average-3/s0/train  — params changed: options.neighbours 3 → 4"));
        Assert.That(plan.Out, Does.Contain("hit   synthetic/mean-frame/default/s0/evaluate"));
    }

    [Test]
    public async Task Should_run_without_ffmpeg_and_say_that_videos_were_skipped()
    {
        using var scratch = new TempDirectory();
        var runDir = scratch.Combine("run");

        var result = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path, "run.videos=true", "run.ffmpeg=/nonexistent/ffmpeg"), "--run-dir", runDir]);

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("note: ffmpeg not found: skipping mp4 encoding"));
        Assert.That(result.Out, Does.Contain("note: ffmpeg not found: dataset 'synthetic' is generated without clip.mp4"));
        Assert.That(File.ReadAllText(Path.Combine(runDir, "report.md")), Does.Contain("ffmpeg not found"));
        Assert.That(Directory.GetFiles(Path.Combine(runDir, "jobs"), "*.mp4", SearchOption.AllDirectories), Is.Empty);
    }
}
