using NUnit.Framework;
using Research.Media.Ffmpeg;
using Research.Metrics.ActionUnits;
using Research.Testing;

namespace Research.Metrics.Tests.ActionUnits;

[TestFixture]
[Platform(Exclude = "Win", Reason = "The fake FeatureExtraction is a POSIX shell script.")]
public sealed class OpenFaceRunnerTests
{
    // Parses -f/-fdir and -out_dir like FeatureExtraction, records its arguments one per line, writes <stem>.csv.
    private const string FakeScript = """
        #!/bin/sh
        out=""; in=""
        for a in "$@"; do printf '%s\n' "$a" >> "$(dirname "$0")/args.txt"; done
        while [ $# -gt 0 ]; do
          case "$1" in
            -out_dir) out="$2"; shift ;;
            -f|-fdir) in="$2"; shift ;;
          esac
          shift
        done
        name=$(basename "$in"); name="${name%.*}"
        printf 'frame, face_id, timestamp, confidence, success, AU01_r, AU02_r, AU04_r, AU05_r, AU06_r, AU07_r, AU09_r, AU10_r, AU12_r, AU14_r, AU15_r, AU17_r, AU20_r, AU23_r, AU25_r, AU26_r, AU45_r\n' > "$out/$name.csv"
        printf '1, 0, 0.000, 0.98, 1, 1.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.50\n' >> "$out/$name.csv"
        echo "fake openface done" >&2
        """;

    [Test]
    public async Task Runs_the_binary_with_an_argument_list_and_returns_its_csv()
    {
        using var dir = new TempDirectory();
        var exe = WriteScript(dir, FakeScript);
        var video = dir.Combine("my clip.mp4");
        await File.WriteAllTextAsync(video, "not really a video");
        var outDir = dir.Combine("out dir");
        var csv = await new OpenFaceRunner(exe).ExtractAsync(video, outDir);
        var args = await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(exe)!, "args.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(csv, Is.EqualTo(Path.Combine(outDir, "my clip.csv")));
            Assert.That(args, Is.EqualTo(new[] { "-f", video, "-out_dir", outDir, "-aus", "-2Dfp" }));
            Assert.That(OpenFaceSequence.Read(csv).Intensity("AU45"), Is.EqualTo(new[] { 0.5 }));
        });
    }

    [Test]
    public async Task Image_folder_uses_fdir_and_a_temp_output_folder()
    {
        using var dir = new TempDirectory();
        var exe = WriteScript(dir, FakeScript);
        var frames = dir.Combine("frames");
        Directory.CreateDirectory(frames);
        var csv = await new OpenFaceRunner(exe).ExtractAsync(frames);
        try
        {
            var args = await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(exe)!, "args.txt"));
            Assert.Multiple(() =>
            {
                Assert.That(args[0], Is.EqualTo("-fdir"));
                Assert.That(Path.GetFileName(csv), Is.EqualTo("frames.csv"));
                Assert.That(File.Exists(csv), Is.True);
            });
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(csv)!, recursive: true);
        }
    }

    [Test]
    public async Task Missing_binary_is_a_clear_tool_not_found_error()
    {
        using var dir = new TempDirectory();
        var video = dir.Combine("clip.mp4");
        File.WriteAllText(video, "x");
        var missing = dir.Combine("bin", "FeatureExtraction");
        var e = (await Assert.ThrowsAsync<ToolNotFoundException>(() => new OpenFaceRunner(missing).ExtractAsync(video, dir.Combine("out"))))!;
        Assert.That(e.Message, Does.Contain(missing).And.Contain("OpenFace"));
        var onPath = (await Assert.ThrowsAsync<ToolNotFoundException>(() => new OpenFaceRunner("no-such-openface-binary-xyz").ExtractAsync(video, dir.Combine("out"))))!;
        Assert.That(onPath.Message, Does.Contain("no-such-openface-binary-xyz"));
    }

    [Test]
    public async Task Failing_binary_reports_exit_code_and_stderr()
    {
        using var dir = new TempDirectory();
        var exe = WriteScript(dir, "#!/bin/sh\necho 'cannot open video' >&2\nexit 3\n");
        var video = dir.Combine("clip.mp4");
        File.WriteAllText(video, "x");
        var e = (await Assert.ThrowsAsync<InvalidOperationException>(() => new OpenFaceRunner(exe).ExtractAsync(video, dir.Combine("out"))))!;
        Assert.That(e.Message, Does.Contain("exit code 3").And.Contain("cannot open video"));
    }

    [Test]
    public async Task Missing_input_is_reported()
    {
        using var dir = new TempDirectory();
        var exe = WriteScript(dir, FakeScript);
        await Assert.ThrowsAsync<FileNotFoundException>(() => new OpenFaceRunner(exe).ExtractAsync(dir.Combine("none.mp4")));
    }

    private static string WriteScript(TempDirectory dir, string text)
    {
        var bin = dir.Combine("bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "FeatureExtraction");
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
