namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// Notice that a sampler's criterion was satisfied by no frame of the training set at some iteration, so the nearest
/// frame(s) were used instead of looping forever (the upstream <c>while</c> loops hang here).
/// </summary>
/// <param name="Iteration">Training iteration (1-based, as upstream).</param>
/// <param name="Criterion">Which criterion was empty.</param>
/// <param name="Window">The requested window (for <see cref="SamplingCriterion.MouthPixels"/>: [minimum pixels, +∞)).</param>
/// <param name="Shortfall">Distance of the nearest frame(s) to the window.</param>
/// <param name="Frame">The frame position that was accepted.</param>
public sealed record SamplingFallback(int Iteration, SamplingCriterion Criterion, FrameWindow Window, double Shortfall, int Frame);
