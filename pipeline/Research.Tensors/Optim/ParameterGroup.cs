using System.Numerics;

namespace Research.Tensors.Optim;

/// <summary>Parameters sharing hyper-parameters (like a PyTorch param group). Schedules change <see cref="Lr"/> in place.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class ParameterGroup<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a group over <paramref name="parameters"/>.</summary>
    public ParameterGroup(IEnumerable<Tensor<T>> parameters, double lr)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        Lr = lr;
    }

    /// <summary>The group's parameters (replaced in place when rows are pruned or appended).</summary>
    public List<Tensor<T>> Parameters { get; }

    /// <summary>Learning rate.</summary>
    public double Lr { get; set; }

    /// <summary>Weight decay (L2 added to the gradient for Adam/SGD, decoupled for AdamW).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Adam's ε, added after the square root.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>Adam's β₁.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Adam's β₂.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>SGD momentum (0 = plain gradient descent).</summary>
    public double Momentum { get; set; }

    /// <summary>Optional name (e.g. "xyz", "opacity") for schedules and logs.</summary>
    public string Name { get; set; } = "";
}
