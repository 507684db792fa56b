using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Research.Pipeline.Execution;
using Research.Tensors.Diagnostics;
using Research.Tensors.Threading;

namespace Research.Cli.Commands;

/// <summary><c>research bench engine</c>: a quick self-benchmark of the compute engine on this machine.</summary>
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
            var threadCount = parse.GetValue(threads);
            var budget = parse.GetValue(seconds);
            if (threadCount < 0 || !(budget > 0) || budget > 60)
            {
                throw new Pipeline.Errors.UserErrorException(string.Create(CultureInfo.InvariantCulture, $"--threads must be 0 or more and --seconds between 0 and 60 (got {threadCount} and {budget})."));
            }

            ComputeThreads.Count = threadCount == 0 ? Environment.ProcessorCount : threadCount;
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
        return new Command("bench", "Quick machine self-checks.") { engine };
    }
}
