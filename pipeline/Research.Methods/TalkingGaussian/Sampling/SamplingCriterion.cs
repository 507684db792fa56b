namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>The criteria the incremental samplers enforce (used in <see cref="SamplingFallback"/> notices).</summary>
public enum SamplingCriterion
{
    /// <summary>Mouth warm-up: clipped AU25 ≥ its maximum (the widest-open mouths).</summary>
    MouthOpenWarmup,

    /// <summary>Mouth motion phase: clipped AU25 in [max − (it/S)(max − p25), max].</summary>
    MouthOpenWindow,

    /// <summary>Mouth motion phase: the mouth mask has at least the minimum number of pixels.</summary>
    MouthPixels,

    /// <summary>Face: inner-lip height in [c − w, c + w].</summary>
    LipHeightWindow,

    /// <summary>Face: blink in [t − 0.15, t + 0.3].</summary>
    BlinkWindow,
}
