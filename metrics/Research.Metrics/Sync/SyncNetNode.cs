using Research.Tensors;
using Research.Tensors.Nn;

namespace Research.Metrics.Sync;

/// <summary>
/// A container module whose only job is to give loaded tensors their PyTorch state-dict names
/// (<c>netcnnaud.0.weight</c>, …) through <see cref="Module{T}.NamedParameters"/> and <see cref="Module{T}.NamedBuffers"/>.
/// </summary>
internal sealed class SyncNetNode : Module<float>
{
    /// <summary>Registers a tensor under <paramref name="name"/> (no dots) as a parameter or a buffer.</summary>
    public void Add(string name, Tensor<float> tensor, bool buffer)
    {
        if (buffer)
        {
            RegisterBuffer(name, tensor);
        }
        else
        {
            RegisterParameter(name, tensor);
            tensor.RequiresGrad = false;
        }
    }

    /// <summary>Returns the child named <paramref name="name"/>, creating it when absent.</summary>
    public SyncNetNode Child(string name)
    {
        foreach (var (n, m) in NamedChildren())
        {
            if (n == name)
            {
                return (SyncNetNode)m;
            }
        }

        return RegisterModule(name, new SyncNetNode());
    }
}
