namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Which release of <c>train_face.py</c> the face sampler follows (notes §3.4).</summary>
public enum FaceSamplingVariant
{
    /// <summary>
    /// Current HEAD (<c>9bd34f7</c>): warm-up (it &lt; 3000) lip-height window every 15th iteration; 3000 &lt; it &lt; 40,000
    /// blink window every 15th iteration.
    /// </summary>
    Head,

    /// <summary>
    /// Paper release <c>abb46be</c> (reproduces the paper's numbers, TalkingGaussian #79): no warm-up selection;
    /// 3000 &lt; it &lt; 40,000 lip-height window when it mod 30 = 0 and blink window when it mod 15 = 7.
    /// </summary>
    PaperRelease,
}
