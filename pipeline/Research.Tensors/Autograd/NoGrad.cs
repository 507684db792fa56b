namespace Research.Tensors.Autograd;

/// <summary>
/// A scope in which ops on the current thread record no autograd graph (like <c>torch.no_grad()</c>):
/// <c>using (new NoGrad()) { ... }</c>. Scopes nest.
/// </summary>
public sealed class NoGrad : IDisposable
{
    private bool disposed;

    /// <summary>Turns graph recording off until disposed.</summary>
    public NoGrad()
    {
        GradMode.Disable();
    }

    /// <summary>Whether ops on this thread currently record the graph.</summary>
    public static bool IsGradEnabled => GradMode.IsEnabled;

    /// <summary>Restores recording (once; repeated disposal is harmless).</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            GradMode.Restore();
        }
    }
}
