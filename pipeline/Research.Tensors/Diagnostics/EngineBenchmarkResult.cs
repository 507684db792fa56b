namespace Research.Tensors.Diagnostics;

/// <summary>The result of <see cref="EngineBenchmark.Run"/>.</summary>
/// <param name="Threads">Engine threads used (<see cref="Threading.ComputeThreads.Count"/>).</param>
/// <param name="Processors">Logical processors of the machine.</param>
/// <param name="Cases">The measurements.</param>
public sealed record EngineBenchmarkResult(int Threads, int Processors, IReadOnlyList<EngineBenchmarkCase> Cases);
