namespace Research.Metrics.Sync;

/// <summary>
/// Sync scores of one clip as syncnet_python's <c>evaluate</c> computes them (metrics.md §5.3).
/// </summary>
/// <param name="SyncD">Sync-D (LSE-D, "Min dist"): the smallest of the 31 mean distances. Lower is better.</param>
/// <param name="SyncC">Sync-C (LSE-C, "Confidence"): median − min of the 31 mean distances. Higher is better.</param>
/// <param name="Offset">AV offset in video frames: vshift − argmin, as syncnet_python prints it.</param>
/// <param name="MeanDistances">The 31 mean distances, index k ↔ audio shift k − vshift.</param>
/// <param name="WindowDistances">Per window i, the 31 distances d_i[k] (zero-padded audio embeddings counted).</param>
public sealed record SyncScore(double SyncD, double SyncC, int Offset, IReadOnlyList<double> MeanDistances, IReadOnlyList<double[]> WindowDistances)
{
    /// <summary>Number of 5-frame windows scored.</summary>
    public int WindowCount => WindowDistances.Count;
}
