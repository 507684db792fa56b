namespace Research.Tensors.Kernels;

/// <summary>
/// The transformed and packed forms of one fixed float32 weight tensor that the convolution forward paths build from
/// it (Winograd U in the GEMM's packed layout; the stride-1 path's packed weight slices), made on first use and reused
/// by every later call. They depend only on the weights and their shape, never on the input. The owner guarantees that
/// the weights never change (<see cref="Nn.PreparedConv2d"/> holds its own copy). Thread-safe.
/// </summary>
internal sealed class ConvolutionWeightCache
{
    private readonly Lock gate = new();
    private float[]? winograd;
    private float[]? shifted;

    /// <summary>The Winograd weights, built by <paramref name="build"/> on first use.</summary>
    public float[] Winograd(Func<float[]> build) => Get(ref winograd, build);

    /// <summary>The stride-1 path's packed weight slices, built by <paramref name="build"/> on first use.</summary>
    public float[] Shifted(Func<float[]> build) => Get(ref shifted, build);

    private float[] Get(ref float[]? slot, Func<float[]> build)
    {
        lock (gate)
        {
            return slot ??= build();
        }
    }
}
