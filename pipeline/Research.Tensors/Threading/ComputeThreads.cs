namespace Research.Tensors.Threading;

/// <summary>
/// The engine's thread setting and its one way of running work in parallel: a fixed partition of a range into
/// contiguous chunks, so which thread computes what (and the order of every reduction) depends only on the thread
/// count, never on scheduling. Results are bit-identical across runs with the same <see cref="Count"/>.
/// </summary>
public static class ComputeThreads
{
    private static int count = Environment.ProcessorCount;

    /// <summary>Worker threads the engine may use (default: all processors). Set once at start-up (e.g. from <c>run.threads</c>).</summary>
    public static int Count
    {
        get => Volatile.Read(ref count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>
    /// Splits [0, <paramref name="length"/>) into at most <see cref="Count"/> contiguous chunks of near-equal size
    /// (never smaller than <paramref name="minChunk"/>) and runs <paramref name="body"/>(chunk, start, end) for each,
    /// in parallel. Chunk boundaries depend only on the arguments and <see cref="Count"/>.
    /// </summary>
    public static void For(int length, int minChunk, Action<int, int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var chunks = ChunkCount(length, minChunk);
        if (chunks <= 1)
        {
            if (length > 0)
            {
                body(0, 0, length);
            }

            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var (start, end) = ChunkRange(length, chunks, c);
            body(c, start, end);
        });
    }

    /// <summary>The number of chunks <see cref="For"/> uses for <paramref name="length"/>.</summary>
    public static int ChunkCount(int length, int minChunk) =>
        length <= 0 ? 0 : Math.Max(1, Math.Min(Count, length / Math.Max(1, minChunk)));

    /// <summary>Bounds of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over [0, <paramref name="length"/>).</summary>
    public static (int Start, int End) ChunkRange(int length, int chunks, int chunk) =>
        ((int)((long)length * chunk / chunks), (int)((long)length * (chunk + 1) / chunks));
}
