namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 gradients of <see cref="ReferenceCompositor.Backward"/>: per-Gaussian fields and the background.</summary>
internal sealed class ReferenceGradient(int count, int backgroundLength)
{
    public ReferenceProjectedGradient Gaussians { get; } = new(count);

    public double[] Background { get; } = new double[backgroundLength];
}
