namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>The position encoder H of the motion networks.</summary>
public enum PositionEncoderKind
{
    /// <summary>The paper's three dense 2-D multi-resolution planes (children <c>encoder_xy</c>, <c>encoder_yz</c>, <c>encoder_xz</c>).</summary>
    TriPlane,

    /// <summary>The <c>hash-grid</c> ablation: one 3-D multi-resolution hash grid (child <c>encoder_xyz</c>).</summary>
    HashGrid,
}
