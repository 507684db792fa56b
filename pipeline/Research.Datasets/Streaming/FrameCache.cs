using System.Globalization;

namespace Research.Datasets.Streaming;

/// <summary>
/// A thread-safe least-recently-used cache bounded by a byte budget, filling itself through a loader, so a long clip
/// (e.g. 6500 frames of 512², 5 GB decoded) can be streamed within a fixed amount of memory.
/// </summary>
/// <typeparam name="TKey">Key, e.g. a frame index.</typeparam>
/// <typeparam name="TValue">Cached value, e.g. a decoded image; treat it as read-only, other threads may hold it.</typeparam>
/// <remarks>
/// The sum of <c>sizeOf</c> over cached values never exceeds the budget: the least recently used entries are evicted
/// before a new one is added, and a value larger than the whole budget is returned without being cached.
/// Concurrent requests for the same missing key run the loader once and share its result (or its exception, after
/// which the next request retries). Loaders run outside the lock, so different keys load in parallel.
/// </remarks>
public sealed class FrameCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Func<TKey, TValue> loader;
    private readonly Func<TValue, long> sizeOf;
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> entries;
    private readonly LinkedList<Entry> recency = new(); // most recently used first
    private readonly Dictionary<TKey, Lazy<TValue>> loading;
    private long hits;
    private long misses;
    private long evictions;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="byteBudget">Most bytes (as measured by <paramref name="sizeOf"/>) held at once; positive.</param>
    /// <param name="loader">Produces the value of a key on a miss; may be called from several threads for different keys.</param>
    /// <param name="sizeOf">Bytes a value occupies (e.g. <c>image => image.Pixels.LongLength</c>); must not be negative.</param>
    /// <param name="comparer">Key comparer; the default when null.</param>
    public FrameCache(long byteBudget, Func<TKey, TValue> loader, Func<TValue, long> sizeOf, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(byteBudget);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(sizeOf);
        ByteBudget = byteBudget;
        this.loader = loader;
        this.sizeOf = sizeOf;
        entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
        loading = new Dictionary<TKey, Lazy<TValue>>(comparer);
    }

    /// <summary>The byte budget.</summary>
    public long ByteBudget { get; }

    /// <summary>Bytes currently held.</summary>
    public long CurrentBytes
    {
        get
        {
            lock (gate)
            {
                return CurrentBytesUnlocked;
            }
        }
    }

    /// <summary>Entries currently held.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Requests served from the cache.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Requests that ran (or waited for) the loader.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Entries evicted to stay within the budget.</summary>
    public long Evictions => Interlocked.Read(ref evictions);

    private long CurrentBytesUnlocked { get; set; }

    /// <summary>The value of <paramref name="key"/>, from the cache or loaded (and cached when it fits the budget).</summary>
    public TValue Get(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Lazy<TValue> pending;
        bool owner;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                hits++;
                return node.Value.Value;
            }

            misses++;
            owner = !loading.TryGetValue(key, out pending!);
            if (owner)
            {
                pending = new Lazy<TValue>(() => loader(key), LazyThreadSafetyMode.ExecutionAndPublication);
                loading[key] = pending;
            }
        }

        if (!owner)
        {
            return pending.Value;
        }

        TValue value;
        try
        {
            value = pending.Value;
        }
        finally
        {
            if (!pending.IsValueCreated)
            {
                lock (gate)
                {
                    loading.Remove(key); // failed: let the next request retry
                }
            }
        }

        var size = sizeOf(value);
        if (size < 0)
        {
            lock (gate)
            {
                loading.Remove(key);
            }

            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"sizeOf returned {size} bytes for key {key}; sizes must not be negative."));
        }

        lock (gate)
        {
            loading.Remove(key);
            if (size <= ByteBudget && !entries.ContainsKey(key))
            {
                while (CurrentBytesUnlocked + size > ByteBudget)
                {
                    EvictLeastRecent();
                }

                entries[key] = recency.AddFirst(new Entry(key, value, size));
                CurrentBytesUnlocked += size;
            }
        }

        return value;
    }

    /// <summary>The cached value of <paramref name="key"/> without loading; does not count as a hit or miss.</summary>
    public bool TryPeek(TKey key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is cached.</summary>
    public bool Contains(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            return entries.ContainsKey(key);
        }
    }

    /// <summary>Drops one entry; returns whether it was cached.</summary>
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (!entries.Remove(key, out var node))
            {
                return false;
            }

            recency.Remove(node);
            CurrentBytesUnlocked -= node.Value.Size;
            return true;
        }
    }

    /// <summary>Drops every entry (counters are kept).</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            recency.Clear();
            CurrentBytesUnlocked = 0;
        }
    }

    /// <summary>Keys from most to least recently used (a snapshot).</summary>
    public IReadOnlyList<TKey> KeysByRecency()
    {
        lock (gate)
        {
            return [.. recency.Select(e => e.Key)];
        }
    }

    private void EvictLeastRecent()
    {
        var last = recency.Last!;
        recency.RemoveLast();
        entries.Remove(last.Value.Key);
        CurrentBytesUnlocked -= last.Value.Size;
        evictions++;
    }

    private sealed record Entry(TKey Key, TValue Value, long Size);
}
