namespace Research.Datasets.Prepared;

/// <summary>
/// The train/test split used by ER-NeRF, TalkingGaussian and GaussianTalker: the first
/// floor(N·TrainParts/TotalParts) frames train, the rest are held out (10/11 by default).
/// </summary>
public static class DatasetSplit
{
    /// <summary>Number of training frames for <paramref name="frameCount"/> frames.</summary>
    public static int TrainCount(int frameCount, int trainParts, int totalParts)
    {
        if (trainParts <= 0 || totalParts <= trainParts)
        {
            throw new ArgumentOutOfRangeException(nameof(trainParts), $"Split {trainParts}/{totalParts} must satisfy 0 < train < total.");
        }

        return (int)((long)frameCount * trainParts / totalParts);
    }
}
