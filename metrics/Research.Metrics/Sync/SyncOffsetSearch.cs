namespace Research.Metrics.Sync;

/// <summary>
/// The ±vshift offset search of syncnet_python (<c>calc_pdist</c> + <c>evaluate</c>, metrics.md §5.3), in float64 over
/// float32 embeddings.
/// </summary>
public static class SyncOffsetSearch
{
    /// <summary>Offset range used by every syncnet_python and Wav2Lip script.</summary>
    public const int DefaultVShift = 15;

    /// <summary><c>torch.nn.functional.pairwise_distance</c>'s eps, added to every difference.</summary>
    public const double PairwiseEps = 1e-6;

    /// <summary>
    /// d_i[k] = ‖v_i − a_{i+k−vshift} + eps‖₂ for k = 0..2·vshift, with a_j = 0 outside [0, N−1]; mdist[k] = mean_i d_i[k];
    /// Sync-D = min mdist, Sync-C = median(mdist) − min (the median of an odd count is the middle value, as
    /// <c>torch.median</c>), offset = vshift − argmin (first minimum).
    /// </summary>
    /// <param name="video">Lip embeddings v_i, one per window.</param>
    /// <param name="audio">Audio embeddings a_i, one per window, same count and width as <paramref name="video"/>.</param>
    /// <param name="vshift">Largest shift searched (15 in all published scripts).</param>
    public static SyncScore Score(IReadOnlyList<float[]> video, IReadOnlyList<float[]> audio, int vshift = DefaultVShift)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfNegative(vshift);
        if (video.Count != audio.Count || video.Count == 0)
        {
            throw new ArgumentException($"SyncOffsetSearch: {video.Count} video and {audio.Count} audio embeddings; need the same positive count.", nameof(audio));
        }

        var n = video.Count;
        var width = video[0].Length;
        if (video.Any(v => v.Length != width) || audio.Any(a => a.Length != width))
        {
            throw new ArgumentException($"SyncOffsetSearch: all embeddings must have {width} values.", nameof(audio));
        }

        var shifts = (2 * vshift) + 1;
        var zero = new float[width];
        var windows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            windows[i] = new double[shifts];
            for (var k = 0; k < shifts; k++)
            {
                var j = i + k - vshift;
                var a = j >= 0 && j < n ? audio[j] : zero;
                var v = video[i];
                var sum = 0.0;
                for (var c = 0; c < width; c++)
                {
                    var d = (double)v[c] - a[c] + PairwiseEps;
                    sum += d * d;
                }

                windows[i][k] = Math.Sqrt(sum);
            }
        }

        return FromWindowDistances(windows, vshift);
    }

    /// <summary>
    /// Sync-D, Sync-C and the offset from per-window distances d_i[k] (k = 0..2·vshift), summed over windows in order:
    /// the second half of <see cref="Score"/>. Pooling the windows of several clips (or seeds) scores them as one clip.
    /// </summary>
    /// <exception cref="ArgumentException">No windows, or a window without 2·vshift + 1 distances.</exception>
    public static SyncScore FromWindowDistances(IReadOnlyList<double[]> windows, int vshift = DefaultVShift)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfNegative(vshift);
        var shifts = (2 * vshift) + 1;
        if (windows.Count == 0 || windows.Any(w => w.Length != shifts))
        {
            throw new ArgumentException($"SyncOffsetSearch: need at least one window of {shifts} distances (vshift {vshift}).", nameof(windows));
        }

        var mean = new double[shifts];
        foreach (var w in windows)
        {
            for (var k = 0; k < shifts; k++)
            {
                mean[k] += w[k];
            }
        }

        var min = double.PositiveInfinity;
        var argmin = 0;
        for (var k = 0; k < shifts; k++)
        {
            mean[k] /= windows.Count;
            if (mean[k] < min)
            {
                (min, argmin) = (mean[k], k);
            }
        }

        var sorted = mean.Order().ToArray();
        var median = sorted[(shifts - 1) / 2];
        return new SyncScore(min, median - min, vshift - argmin, mean, windows);
    }
}
