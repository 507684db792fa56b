using System.Diagnostics;
using System.Globalization;
using Research.Tensors.Threading;

namespace Research.Benchmarks.TalkingGaussian;

/// <summary>
/// Stopwatch harness for <see cref="FaceIteration"/> (<c>dotnet run -c Release -- tg-face-profile [warmup] [measured] [threads]</c>):
/// warm-up iterations for the tiered JIT, then per-phase mean / median and the whole iteration's mean, median and
/// minimum, plus GC counts.
/// </summary>
internal static class FaceIterationProfile
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var warmup = args.Length > 0 ? int.Parse(args[0], inv) : 100;
        var measured = args.Length > 1 ? int.Parse(args[1], inv) : 50;
        ComputeThreads.Count = args.Length > 2 ? int.Parse(args[2], inv) : 2;
        var iteration = new FaceIteration();
        var phases = new Dictionary<string, List<double>>();
        var order = new List<string>();
        var sw = new Stopwatch();
        var recording = false;
        iteration.Mark = name =>
        {
            var ms = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            if (!recording)
            {
                return;
            }

            if (!phases.TryGetValue(name, out var list))
            {
                phases[name] = list = [];
                order.Add(name);
            }

            list.Add(ms);
        };
        for (var i = 0; i < warmup; i++)
        {
            sw.Restart();
            iteration.Step();
        }

        recording = true;
        var totals = new List<double>();
        var gc0 = GC.CollectionCount(0);
        var gc2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(true);
        float loss = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < measured; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sw.Restart();
            loss = iteration.Step();
            totals.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        Console.WriteLine(string.Create(inv, $"threads {ComputeThreads.Count}, warm-up {warmup}, measured {measured}, loss {loss:G9}, Gaussians {iteration.Model.Count}, parameter hash {Hash(iteration):X16}"));
        foreach (var name in order)
        {
            var l = phases[name];
            Console.WriteLine(string.Create(inv, $"  {name,-40} mean {l.Average(),8:F2} ms  median {Median(l),8:F2} ms"));
        }

        Console.WriteLine(string.Create(inv, $"  {"iteration",-40} mean {totals.Average(),8:F2} ms  median {Median(totals),8:F2} ms  min {totals.Min(),8:F2} ms"));
        Console.WriteLine(string.Create(inv, $"  {"process CPU time per iteration",-40} {cpu.TotalMilliseconds / measured,8:F2} ms"));
        Console.WriteLine(string.Create(inv, $"  allocated {allocated / measured / 1048576.0:F1} MB/iteration, gen0 {GC.CollectionCount(0) - gc0}, gen2 {GC.CollectionCount(2) - gc2}"));
    }

    // FNV-1a over the bits of every Gaussian and network parameter (bit-identity checks across code versions).
    private static ulong Hash(FaceIteration iteration)
    {
        var h = 14695981039346656037UL;
        foreach (var t in iteration.Model.Parameters.Concat(iteration.Network.Parameters()))
        {
            foreach (var v in t.ToArray())
            {
                h = (h ^ (uint)BitConverter.SingleToInt32Bits(v)) * 1099511628211UL;
            }
        }

        return h;
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
