using System.Text.Json;
using NUnit.Framework;

namespace Research.Cli.Tests;

public class BenchCommandTests
{
    [Test]
    public async Task Should_print_gemm_throughput_as_json()
    {
        var result = await CliHarness.Run("bench", "engine", "--json", "--seconds", "0.01", "--threads", "1");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("threads").GetInt32(), Is.EqualTo(1));
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.That(cases.Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "gemm 512x512x512", "gemm 50000x74 * 74x64", "mlp step 50000x(74-64-64-11)" }));
        Assert.That(cases.Take(2).Select(c => c.GetProperty("gflops").GetDouble()), Is.All.GreaterThan(0));
        Assert.That(cases[2].GetProperty("milliseconds").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Should_reject_a_negative_thread_count()
    {
        var result = await CliHarness.Run("bench", "engine", "--threads", "-1");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("--threads"));
    }
}
