using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// Fixed partitions for memory-bound kernels: elementwise work is split over <see cref="ComputeThreads"/> in
/// contiguous ranges (results do not depend on the split), and reductions sum fixed-size blocks whose partials are
/// combined in block order, so their bits do not depend on the thread count either.
/// </summary>
internal static class Chunks
{
    /// <summary>Below this many elements per chunk the work stays on the calling thread.</summary>
    internal const int MinElements = 1 << 15;

    /// <summary>Block length of blocked reductions (a property of the result, not of the thread count).</summary>
    internal const int ReductionBlock = 1 << 14;

    /// <summary>Runs <paramref name="body"/>(start, end) over contiguous ranges of [0, <paramref name="length"/>).</summary>
    internal static void For(int length, Action<int, int> body) => For(length, MinElements, body);

    /// <summary>Runs <paramref name="body"/>(start, end) over ranges of at least <paramref name="minChunk"/> items.</summary>
    internal static void For(int length, int minChunk, Action<int, int> body)
    {
        if (ComputeThreads.ChunkCount(length, minChunk) <= 1)
        {
            if (length > 0)
            {
                body(0, length);
            }

            return;
        }

        ComputeThreads.For(length, minChunk, (_, s, e) => body(s, e));
    }

    /// <summary>
    /// Sum of <paramref name="length"/> elements from <paramref name="offset"/> of <paramref name="source"/>:
    /// <c>TensorPrimitives.Sum</c> per block of <see cref="ReductionBlock"/>, partials added in block order.
    /// </summary>
    internal static T BlockedSum<T>(T[] source, int offset, int length)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (length <= ReductionBlock)
        {
            return System.Numerics.Tensors.TensorPrimitives.Sum<T>(source.AsSpan(offset, length));
        }

        var blocks = (length + ReductionBlock - 1) / ReductionBlock;
        var partials = new T[blocks];
        For(blocks, 2, (s, e) =>
        {
            for (var b = s; b < e; b++)
            {
                var start = b * ReductionBlock;
                partials[b] = System.Numerics.Tensors.TensorPrimitives.Sum<T>(source.AsSpan(offset + start, Math.Min(ReductionBlock, length - start)));
            }
        });
        var total = T.Zero;
        foreach (var p in partials)
        {
            total += p;
        }

        return total;
    }
}
