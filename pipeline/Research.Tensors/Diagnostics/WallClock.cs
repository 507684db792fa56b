using System.Diagnostics;

namespace Research.Tensors.Diagnostics;

/// <summary>Wall-clock timing for the quick self-benchmarks (<c>research bench …</c>); BenchmarkDotNet stays the reference.</summary>
public static class WallClock
{
    /// <summary>Median wall time of <paramref name="action"/> over repeated runs lasting about <paramref name="budget"/> seconds (after one warm-up; at least 3 runs).</summary>
    public static double MedianSeconds(Action action, double budget)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        do
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        while (total.Elapsed.TotalSeconds < budget || times.Count < 3);

        times.Sort();
        return times[times.Count / 2];
    }
}
