namespace Research.Methods.Baselines;

/// <summary>Options of the mean-frame baseline (it has none to tune; the record exists so configs stay uniform).</summary>
public sealed record MeanFrameOptions
{
}
