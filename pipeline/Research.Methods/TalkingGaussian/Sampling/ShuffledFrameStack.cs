using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// The 3DGS frame drawer (<c>viewpoint_stack.pop(randint(0, len − 1))</c>): frames are drawn uniformly without
/// replacement from a stack holding positions 0..Count−1; an empty stack is refilled in order and drawing goes on, so
/// every frame is seen once per pass. All randomness comes from the given <see cref="Rng"/>.
/// </summary>
public sealed class ShuffledFrameStack
{
    private readonly List<int> stack;
    private readonly Rng rng;

    /// <summary>Creates a drawer over frame positions 0..<paramref name="count"/>−1 (the stack starts empty, as upstream).</summary>
    public ShuffledFrameStack(int count, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(rng);
        Count = count;
        this.rng = rng;
        stack = new List<int>(count);
    }

    /// <summary>Number of frames.</summary>
    public int Count { get; }

    /// <summary>Frames left in the current pass.</summary>
    public int Remaining => stack.Count;

    /// <summary>Frames drawn so far (all passes, including re-draws of the samplers).</summary>
    public long Draws { get; private set; }

    /// <summary>The frames left in the current pass, in stack order (save with the <see cref="Rng"/> state to resume a run).</summary>
    public int[] GetRemaining() => [.. stack];

    /// <summary>Restores the frames left in the current pass (from <see cref="GetRemaining"/>); restore the <see cref="Rng"/> state separately.</summary>
    public void SetRemaining(IReadOnlyList<int> remaining)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        if (remaining.Count > Count || remaining.Any(f => (uint)f >= (uint)Count) || remaining.Distinct().Count() != remaining.Count)
        {
            throw new ArgumentException($"SetRemaining: {remaining.Count} entries are not distinct frame positions below {Count}.", nameof(remaining));
        }

        stack.Clear();
        stack.AddRange(remaining);
    }

    /// <summary>Draws the next frame: refills the stack with 0..Count−1 when empty, then removes a uniform random entry.</summary>
    public int Next()
    {
        if (stack.Count == 0)
        {
            for (var i = 0; i < Count; i++)
            {
                stack.Add(i);
            }
        }

        // List.RemoveAt keeps the remaining order as Python's list.pop does.
        var at = RandInt(rng, 0, stack.Count - 1);
        var frame = stack[at];
        stack.RemoveAt(at);
        Draws++;
        return frame;
    }

    /// <summary>
    /// The guarded form of the official <c>while</c> re-draw loops: starting from <paramref name="current"/>, keeps
    /// drawing while the frame's shortfall (0 = satisfies the criterion, &gt; 0 = how far it misses) is above the
    /// smallest shortfall of any frame. When some frame satisfies the criterion this is exactly the official loop; when
    /// none does, the nearest frame(s) (all ties at the smallest shortfall) are accepted instead and the result says so.
    /// Terminates after at most <see cref="Remaining"/> + <see cref="Count"/> draws: one refill puts every frame back.
    /// </summary>
    /// <param name="current">The frame already drawn this iteration.</param>
    /// <param name="shortfall">Per-frame shortfall (must be deterministic, non-negative, not NaN).</param>
    public FrameDraw DrawUntil(int current, Func<int, double> shortfall)
    {
        ArgumentNullException.ThrowIfNull(shortfall);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)current, (uint)Count, nameof(current));
        var best = double.PositiveInfinity;
        for (var i = 0; i < Count; i++)
        {
            var s = shortfall(i);
            if (double.IsNaN(s) || s < 0)
            {
                throw new ArgumentException($"DrawUntil: shortfall of frame {i} is {s}; it must be a non-negative number.", nameof(shortfall));
            }

            best = Math.Min(best, s);
        }

        var limit = (long)Remaining + Count;
        var frame = current;
        for (long n = 0; shortfall(frame) > best; n++)
        {
            if (n >= limit)
            {
                // Unreachable with a deterministic shortfall; a guard instead of a hang.
                throw new InvalidOperationException($"DrawUntil: no accepted frame after {n} draws over {Count} frames; the shortfall function is not deterministic.");
            }

            frame = Next();
        }

        return new FrameDraw(frame, best > 0, best);
    }

    /// <summary>Uniform integer in [<paramref name="low"/>, <paramref name="high"/>] (both inclusive, like Python's <c>random.randint</c>).</summary>
    public static int RandInt(Rng rng, int low, int high)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (high < low)
        {
            throw new ArgumentException($"RandInt: empty range [{low}, {high}].", nameof(high));
        }

        var span = (ulong)((long)high - low + 1);
        // Rejection keeps the draw exactly uniform (no modulo bias).
        var limit = ulong.MaxValue - (ulong.MaxValue % span);
        ulong x;
        do
        {
            x = rng.NextUInt64();
        }
        while (x >= limit);
        return (int)(low + (long)(x % span));
    }
}
