using Research.Tensors.Threading;

namespace Research.Tensors.Memory;

/// <summary>
/// Storage arrays for tensors of <typeparamref name="T"/>: fresh arrays are allocated without zeroing when the caller
/// overwrites every element, and large arrays that <see cref="Tensor{T}.Backward"/> proved dead (intermediate
/// gradients consumed inside the pass, referenced by nothing else) are recycled. Only arrays handed in through
/// <see cref="Return"/> are ever reused, and only the backward pass calls it (see docs/engine.md, "Memory").
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal static class StoragePool<T>
    where T : unmanaged
{
    /// <summary>Arrays shorter than this are left to the GC (cheap gen-0 allocations).</summary>
    internal const int MinLength = 1 << 15;

    private static readonly Dictionary<int, Stack<T[]>> Free = [];
    private static readonly Lock Gate = new();
    private static readonly unsafe long ElementBytes = sizeof(T);

    // Arrays of at least MinLength rented on this thread while a backward pass runs (null: no pass running).
    [ThreadStatic]
    private static HashSet<T[]>? tracked;

    private static long pooledBytes;

    /// <summary>Bytes currently held for reuse.</summary>
    internal static long PooledBytes
    {
        get
        {
            lock (Gate)
            {
                return pooledBytes;
            }
        }
    }

    /// <summary>An array of <paramref name="length"/> elements with unspecified contents (the caller overwrites all).</summary>
    internal static T[] RentUninitialized(int length)
    {
        if (length < MinLength)
        {
            return length == 0 ? [] : new T[length];
        }

        var array = TryTake(length) ?? GC.AllocateUninitializedArray<T>(length);
        tracked?.Add(array);
        return array;
    }

    /// <summary>An array of <paramref name="length"/> zeros.</summary>
    internal static T[] RentZeroed(int length)
    {
        if (length < MinLength)
        {
            return length == 0 ? [] : new T[length];
        }

        var array = TryTake(length);
        if (array is null)
        {
            array = new T[length];
        }
        else
        {
            ComputeThreads.For(length, MinLength, (_, s, e) => array.AsSpan(s, e - s).Clear());
        }

        tracked?.Add(array);
        return array;
    }

    /// <summary>Starts recording rented arrays on this thread; returns the previous recording to restore.</summary>
    internal static HashSet<T[]>? BeginTracking()
    {
        var previous = tracked;
        tracked = new HashSet<T[]>(ReferenceEqualityComparer.Instance);
        return previous;
    }

    /// <summary>Stops the current recording and restores <paramref name="previous"/>.</summary>
    internal static void EndTracking(HashSet<T[]>? previous) => tracked = previous;

    /// <summary>
    /// Recycles <paramref name="array"/> if it was rented during the current recording (and forgets it, so it cannot
    /// be returned twice). The caller guarantees that no tensor, view or closure still references it.
    /// </summary>
    internal static void ReturnIfTracked(T[] array)
    {
        if (tracked is not null && tracked.Remove(array))
        {
            Return(array);
        }
    }

    /// <summary>Drops every pooled array.</summary>
    internal static void Trim()
    {
        lock (Gate)
        {
            Free.Clear();
            pooledBytes = 0;
        }
    }

    private static void Return(T[] array)
    {
        if (!TensorMemory.PoolingEnabled || array.Length < MinLength)
        {
            return;
        }

        var bytes = array.Length * ElementBytes;
        lock (Gate)
        {
            if (pooledBytes + bytes > TensorMemory.MaxPooledBytes)
            {
                return;
            }

            if (!Free.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<T[]>();
                Free[array.Length] = stack;
            }

            stack.Push(array);
            pooledBytes += bytes;
        }
    }

    private static T[]? TryTake(int length)
    {
        if (!TensorMemory.PoolingEnabled)
        {
            return null;
        }

        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
            {
                pooledBytes -= array.Length * ElementBytes;
                return array;
            }
        }

        return null;
    }
}
