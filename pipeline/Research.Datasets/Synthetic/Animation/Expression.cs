namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Expression blendshapes of the synthetic head, each tied to a FACS action unit where one exists.
/// Weights are in [0, 1]; the AU intensity written to <c>au.csv</c> is 5 × weight.
/// </summary>
public enum Expression
{
    /// <summary>AU26 jaw drop.</summary>
    JawDrop,

    /// <summary>AU25 lips part.</summary>
    LipsPart,

    /// <summary>AU12 lip corner pull (smile, /i/).</summary>
    LipCornerPull,

    /// <summary>AU20 lip stretch.</summary>
    LipStretch,

    /// <summary>AU18 lip pucker (rounded, protruded lips: /u/, /w/).</summary>
    Pucker,

    /// <summary>AU22 lip funnel (/o/, /ʃ/).</summary>
    Funnel,

    /// <summary>AU10 upper lip raise.</summary>
    UpperLipRaise,

    /// <summary>AU17 chin raise.</summary>
    ChinRaise,

    /// <summary>AU45 blink (1 = eyes closed).</summary>
    Blink,

    /// <summary>AU01 inner brow raise.</summary>
    InnerBrowRaise,

    /// <summary>AU02 outer brow raise.</summary>
    OuterBrowRaise,

    /// <summary>AU04 brow lower.</summary>
    BrowLower,

    /// <summary>AU06 cheek raise.</summary>
    CheekRaise,

    /// <summary>AU07 lid tighten.</summary>
    LidTighten,
}
