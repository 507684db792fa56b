namespace Research.Methods.TalkingGaussian.Method;

/// <summary>The paper's method and its ablations.</summary>
public enum TalkingGaussianVariant
{
    /// <summary>The paper's method: separate face and inside-mouth branches, incremental sampling, region attention, tri-plane grids.</summary>
    Full,

    /// <summary>Ablation: one branch for the whole head (no face / inside-mouth decomposition). Not implemented yet.</summary>
    NoDecomposition,

    /// <summary>Ablation: frames drawn uniformly (no incremental AU25 / lip-height / blink windows).</summary>
    UniformSampling,

    /// <summary>Ablation: the face decoder sees concat(enc_x, enc_a, e') without region attention (same width 74).</summary>
    NoRegionAttention,

    /// <summary>Ablation: a 3D hash grid instead of the tri-plane encoder. Not implemented yet.</summary>
    HashGrid,
}
