namespace Research.Splatting.Gaussians;

/// <summary>Activation from raw scale parameters to world-space standard deviations.</summary>
public enum ScaleActivation
{
    /// <summary>exp (vanilla 3DGS); inverse log.</summary>
    Exp,

    /// <summary>softplus (TalkingGaussian); inverse x + log(−expm1(−x)).</summary>
    Softplus,
}
