using NUnit.Framework;
using Research.Media.Ffmpeg;

namespace Research.Media.Tests.Ffmpeg;

[TestFixture]
public sealed class ProcessRunnerTests
{
    private const string Shell = "/bin/sh";

    [Test]
    public async Task Captures_large_stdout_and_stderr_without_deadlock_and_passes_arguments_verbatim()
    {
        RequireShell();

        // Well over a pipe buffer (64 KiB) on each stream, interleaved, so reading one stream at a time would hang.
        const string script = "i=0; while [ $i -lt 3000 ]; do echo \"out $i ......................\"; echo \"err $i ......................\" >&2; i=$((i+1)); done; printf '%s|' \"$@\"; exit 3";
        var result = await new ProcessRunner().RunAsync(Shell, ["-c", script, "sh", "two words", "$HOME", "a\"b"], CancellationToken.None);

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.StandardOutput, Does.StartWith("out 0 ").And.EndWith("two words|$HOME|a\"b|"));
        Assert.That(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3000));
    }

    [Test]
    public void A_missing_executable_is_a_tool_not_found_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "research-no-such-tool-" + Guid.NewGuid().ToString("N"));

        Assert.That(
            () => new ProcessRunner().RunAsync(missing, [], CancellationToken.None),
            Throws.TypeOf<ToolNotFoundException>().With.Message.Contains(missing));
    }

    [Test]
    public void Cancellation_stops_the_process()
    {
        RequireShell();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;

        Assert.That(
            () => new ProcessRunner().RunAsync(Shell, ["-c", "sleep 30"], cts.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    private static void RequireShell()
    {
        if (!File.Exists(Shell))
        {
            Assert.Ignore("needs /bin/sh (Unix only).");
        }
    }
}
