namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// Float64 outputs of <see cref="ReferenceCompositor.Forward"/>: planar colour [3,H,W], alpha, depth, T_final [H,W] and
/// the contributor count (1 + tile-list position of the last Gaussian added, 0 if none) [H,W].
/// </summary>
internal sealed record ReferenceRaster(
    int Width, int Height, double[] Color, double[] Alpha, double[] Depth, double[] FinalTransmittance, int[] ContributorCount);
