namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Result of <see cref="ShuffledFrameStack.DrawUntil"/>.</summary>
/// <param name="Frame">The accepted frame position.</param>
/// <param name="FellBack">True when no frame in the whole set satisfied the criterion and the nearest frame(s) were accepted.</param>
/// <param name="Shortfall">The smallest shortfall over all frames (0 unless <paramref name="FellBack"/>).</param>
public readonly record struct FrameDraw(int Frame, bool FellBack, double Shortfall);
