namespace Research.Methods.TalkingGaussian.Method;

/// <summary>The paper's method and its ablations.</summary>
public enum TalkingGaussianVariant
{
    /// <summary>The paper's method: separate face and inside-mouth branches, incremental sampling, region attention, tri-plane grids.</summary>
    Full,

    /// <summary>
    /// Ablation: one branch for the whole head (no face / inside-mouth decomposition): the face branch is trained with
    /// the mouth region as ground truth (not green), no mouth branch is trained or saved, and the fuse composites the face
    /// straight over the torso/background.
    /// </summary>
    NoDecomposition,

    /// <summary>Ablation: frames drawn uniformly (no incremental AU25 / lip-height / blink windows).</summary>
    UniformSampling,

    /// <summary>Ablation: the face decoder sees concat(enc_x, enc_a, e') without region attention (same width 74).</summary>
    NoRegionAttention,

    /// <summary>
    /// Ablation: a 3-D multi-resolution hash grid (<c>encoder_xyz</c>: the branch's tri-plane resolution ladder,
    /// 12 levels × 3 features = 36-d, 2^14 rows per level) instead of the tri-plane encoder, in both motion networks.
    /// </summary>
    HashGrid,
}
