namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 twin of Rasterization.ProjectionGradients.</summary>
public sealed class ReferenceProjectionGradients
{
    /// <summary>Allocates zeroed gradients.</summary>
    public ReferenceProjectionGradients(int count, int shCoefficients)
    {
        Means = new double[count * 3];
        Scales = new double[count * 3];
        Rotations = new double[count * 4];
        Opacities = new double[count];
        Shs = new double[count * shCoefficients * 3];
        MeansNdc = new double[count * 2];
    }

    /// <summary>∂L/∂means, N×3.</summary>
    public double[] Means { get; }

    /// <summary>∂L/∂scales, N×3.</summary>
    public double[] Scales { get; }

    /// <summary>∂L/∂rotations, N×4.</summary>
    public double[] Rotations { get; }

    /// <summary>∂L/∂opacities, N.</summary>
    public double[] Opacities { get; }

    /// <summary>∂L/∂shs, [N, K, 3].</summary>
    public double[] Shs { get; }

    /// <summary>∂L/∂NDC centre, N×2.</summary>
    public double[] MeansNdc { get; }

    /// <summary>The groups in the order of <see cref="ReferenceProjectionInputs.Group"/>.</summary>
    public double[] Group(int group) => group switch
    {
        0 => Means,
        1 => Scales,
        2 => Rotations,
        3 => Opacities,
        _ => Shs,
    };
}
