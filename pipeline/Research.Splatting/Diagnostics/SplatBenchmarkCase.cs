namespace Research.Splatting.Diagnostics;

/// <summary>One size of <see cref="SplatBenchmark"/>.</summary>
/// <param name="Name">What was measured, e.g. "512x512, 50000 Gaussians".</param>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
/// <param name="Gaussians">Number of Gaussians.</param>
/// <param name="ForwardMilliseconds">Median wall time of one forward render (no graph recorded).</param>
/// <param name="ForwardBackwardMilliseconds">Median wall time of forward + backward to every input.</param>
/// <param name="TargetMilliseconds">The forward + backward target of issue 5 for this size on 2 threads.</param>
public sealed record SplatBenchmarkCase(
    string Name, int Width, int Height, int Gaussians, double ForwardMilliseconds, double ForwardBackwardMilliseconds, double TargetMilliseconds);
