namespace Research.Tensors.Memory;

/// <summary>
/// Settings of the engine's storage pool. The backward pass recycles large intermediate gradients it has proved dead,
/// and later ops take their output storage from the pool, so training loops do not churn the GC. Pooled arrays are
/// never visible to user code until an op overwrites them; results are bit-identical with pooling on or off.
/// </summary>
public static class TensorMemory
{
    private static volatile bool poolingEnabled = true;
    private static long maxPooledBytes = 256L << 20;

    /// <summary>Whether dead gradient storage is recycled (default true). Turning it off drops nothing already pooled; call <see cref="Trim"/>.</summary>
    public static bool PoolingEnabled
    {
        get => poolingEnabled;
        set => poolingEnabled = value;
    }

    /// <summary>Upper bound on the bytes held for reuse per element type (default 256 MiB); arrays beyond it go to the GC.</summary>
    public static long MaxPooledBytes
    {
        get => Volatile.Read(ref maxPooledBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref maxPooledBytes, value);
        }
    }

    /// <summary>Bytes currently held for reuse (float32 and float64 pools together).</summary>
    public static long PooledBytes => StoragePool<float>.PooledBytes + StoragePool<double>.PooledBytes;

    /// <summary>Releases every pooled array to the GC (e.g. between training runs of different shapes).</summary>
    public static void Trim()
    {
        StoragePool<float>.Trim();
        StoragePool<double>.Trim();
    }
}
