namespace Research.Datasets.Masks;

/// <summary>
/// TalkingGaussian's per-frame <c>mouth_bound = [mouth_lb, mouth_ub, height]</c>: the smallest and largest inner-lip
/// height over the frames of the split, and this frame's height (all in whole pixels).
/// </summary>
/// <param name="Lower">Minimum inner-lip height over the split (<c>mouth_lb</c>).</param>
/// <param name="Upper">Maximum inner-lip height over the split (<c>mouth_ub</c>).</param>
/// <param name="Height">This frame's inner-lip height.</param>
public readonly record struct MouthBound(int Lower, int Upper, int Height);
