namespace Research.Tensors.Autograd;

/// <summary>
/// One recorded op: its inputs and the closure that maps the output's gradient to each input's gradient
/// (null where an input needs none). Backward closures run with recording off.
/// </summary>
internal sealed class GradFn<T>(string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward)
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public string Name { get; } = name;

    public Tensor<T>[] Inputs { get; } = inputs;

    public Func<Tensor<T>, Tensor<T>?[]> Backward { get; } = backward;
}
