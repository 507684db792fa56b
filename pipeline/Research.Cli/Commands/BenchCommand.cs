using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Research.Pipeline.Execution;
using Research.Splatting.Diagnostics;
using Research.Tensors.Diagnostics;
using Research.Tensors.Threading;

namespace Research.Cli.Commands;

/// <summary><c>research bench engine|splat</c>: quick self-benchmarks of the compute engine and the rasterizer on this machine.</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create(CliIo io)
    {
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var threads = new Option<int>("--threads") { Description = "Engine threads (0: all processors)." };
        var seconds = new Option<double>("--seconds") { Description = "Time budget per measurement.", DefaultValueFactory = _ => 2 };
        var engine = new Command("engine", "Measure GEMM throughput (512³ and the 50000×74·74×64 MLP shape) and one MLP training step on this machine in a few seconds; BenchmarkDotNet in benchmarks/ is the reference.")
        {
            json, threads, seconds,
        };
        engine.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var budget = parse.GetValue(seconds);
            SetThreads(parse.GetValue(threads), budget);
            var asJson = parse.GetValue(json);
            var result = EngineBenchmark.Run(budget, asJson ? null : new SynchronousProgress<string>(name => io.Error.WriteLine("measuring " + name + " …")));
            if (asJson)
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(result, JsonOptions)).ConfigureAwait(false);
                return CliApp.Success;
            }

            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"engine threads: {result.Threads} of {result.Processors} processors")).ConfigureAwait(false);
            foreach (var c in result.Cases)
            {
                var rate = c.Gflops is { } g ? string.Create(CultureInfo.InvariantCulture, $"  {g,7:F1} GFLOP/s") : string.Empty;
                await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.Name,-28} {c.Milliseconds,9:F3} ms{rate}")).ConfigureAwait(false);
            }

            return CliApp.Success;
        }));
        var splatJson = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var splatThreads = new Option<int>("--threads") { Description = "Engine threads (0: all processors)." };
        var splatSeconds = new Option<double>("--seconds") { Description = "Time budget per measurement.", DefaultValueFactory = _ => 2 };
        var splat = new Command("splat", "Measure the Gaussian rasterizer (forward, and forward + backward) at 128×128 with 10k Gaussians and 512×512 with 50k; BenchmarkDotNet in benchmarks/ is the reference.")
        {
            splatJson, splatThreads, splatSeconds,
        };
        splat.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            SetThreads(parse.GetValue(splatThreads), parse.GetValue(splatSeconds));
            var asJson = parse.GetValue(splatJson);
            var result = SplatBenchmark.Run(parse.GetValue(splatSeconds), asJson ? null : new SynchronousProgress<string>(name => io.Error.WriteLine("measuring " + name + " …")));
            if (asJson)
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(result, JsonOptions)).ConfigureAwait(false);
                return CliApp.Success;
            }

            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"engine threads: {result.Threads} of {result.Processors} processors")).ConfigureAwait(false);
            foreach (var c in result.Cases)
            {
                await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{c.Name,-28} forward {c.ForwardMilliseconds,8:F2} ms   forward+backward {c.ForwardBackwardMilliseconds,8:F2} ms (target ≤ {c.TargetMilliseconds:F0} ms on 2 threads)")).ConfigureAwait(false);
            }

            return CliApp.Success;
        }));
        return new Command("bench", "Quick machine self-checks.") { engine, splat };
    }

    private static void SetThreads(int threadCount, double budget)
    {
        if (threadCount < 0 || !(budget > 0) || budget > 60)
        {
            throw new Pipeline.Errors.UserErrorException(string.Create(CultureInfo.InvariantCulture, $"--threads must be 0 or more and --seconds between 0 and 60 (got {threadCount} and {budget})."));
        }

        ComputeThreads.Count = threadCount == 0 ? Environment.ProcessorCount : threadCount;
    }
}
