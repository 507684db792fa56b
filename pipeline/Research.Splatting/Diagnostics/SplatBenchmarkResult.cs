namespace Research.Splatting.Diagnostics;

/// <summary>The result of <see cref="SplatBenchmark.Run"/>.</summary>
/// <param name="Threads">Engine threads used.</param>
/// <param name="Processors">Logical processors of the machine.</param>
/// <param name="Cases">The measurements, one per size.</param>
public sealed record SplatBenchmarkResult(int Threads, int Processors, IReadOnlyList<SplatBenchmarkCase> Cases);
