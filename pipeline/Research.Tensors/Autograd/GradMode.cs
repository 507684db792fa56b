namespace Research.Tensors.Autograd;

/// <summary>Whether ops record the autograd graph on the current thread (off inside <see cref="NoGrad"/>).</summary>
internal static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    public static bool IsEnabled => disabledDepth == 0;

    public static void Disable() => disabledDepth++;

    public static void Restore() => disabledDepth--;
}
