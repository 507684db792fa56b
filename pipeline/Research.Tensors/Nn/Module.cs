using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>
/// Base of trainable layers (like <c>torch.nn.Module</c>): registered parameters and child modules in registration
/// order, dotted names for checkpoints ("encoder.0.weight"), and a train/eval flag that propagates to children.
/// </summary>
/// <typeparam name="T">Element type of the parameters.</typeparam>
public abstract class Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<(string Name, Tensor<T> Tensor)> parameters = [];
    private readonly List<(string Name, Tensor<T> Tensor)> buffers = [];
    private readonly List<(string Name, Module<T> Module)> children = [];

    /// <summary>Whether the module is in training mode (the default) rather than evaluation mode.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module<T> Module)> NamedChildren() => children;

    /// <summary>All parameters of this module and its descendants, depth-first in registration order.</summary>
    public IEnumerable<Tensor<T>> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>All parameters with dotted names ("child.grandchild.name"), depth-first in registration order.</summary>
    public IEnumerable<(string Name, Tensor<T> Tensor)> NamedParameters()
    {
        foreach (var p in parameters)
        {
            yield return p;
        }

        foreach (var (name, child) in children)
        {
            foreach (var (childName, tensor) in child.NamedParameters())
            {
                yield return ($"{name}.{childName}", tensor);
            }
        }
    }

    /// <summary>
    /// All buffers (non-trainable state such as batch-norm running statistics) with dotted names, depth-first in
    /// registration order. They are saved in checkpoints next to the parameters but never optimised.
    /// </summary>
    public IEnumerable<(string Name, Tensor<T> Tensor)> NamedBuffers()
    {
        foreach (var b in buffers)
        {
            yield return b;
        }

        foreach (var (name, child) in children)
        {
            foreach (var (childName, tensor) in child.NamedBuffers())
            {
                yield return ($"{name}.{childName}", tensor);
            }
        }
    }

    /// <summary>Sets training mode on this module and all descendants.</summary>
    public void Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in children)
        {
            child.Train(training);
        }
    }

    /// <summary>Sets evaluation mode (same as <c>Train(false)</c>).</summary>
    public void Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Freezes (false) or unfreezes (true) all parameters.</summary>
    public void RequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = requiresGrad;
        }
    }

    /// <summary>Registers a trainable parameter (marks it as requiring a gradient) and returns it.</summary>
    protected Tensor<T> RegisterParameter(string name, Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        tensor.RequiresGrad = true;
        parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a buffer (state that is saved but not trained; it never requires a gradient) and returns it.</summary>
    protected Tensor<T> RegisterBuffer(string name, Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        tensor.RequiresGrad = false;
        buffers.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a child module and returns it.</summary>
    protected TModule RegisterModule<TModule>(string name, TModule module)
        where TModule : Module<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal) || parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"Module {GetType().Name}: name '{name}' contains a dot or is already registered.", nameof(name));
        }
    }
}
