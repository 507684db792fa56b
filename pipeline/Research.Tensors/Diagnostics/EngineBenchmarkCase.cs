namespace Research.Tensors.Diagnostics;

/// <summary>One measurement of <see cref="EngineBenchmark"/>.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Milliseconds">Median wall time of one run.</param>
/// <param name="Gflops">Throughput in GFLOP/s, when the case has a FLOP count.</param>
public sealed record EngineBenchmarkCase(string Name, double Milliseconds, double? Gflops);
