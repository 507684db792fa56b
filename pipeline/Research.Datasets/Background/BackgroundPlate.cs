using Research.Datasets.Masks;
using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>The static background plate (<c>bc.jpg</c>) and how each of its pixels was obtained.</summary>
public sealed class BackgroundPlate
{
    internal BackgroundPlate(ByteImage image, IReadOnlyList<int> sampledFrames, int[] maxSquaredDistances, int[] farthestFrames, PixelMask known)
    {
        Image = image;
        SampledFrames = sampledFrames;
        MaxSquaredDistances = maxSquaredDistances;
        FarthestFrames = farthestFrames;
        Known = known;
    }

    /// <summary>The plate, 3 channels in the frames' channel order.</summary>
    public ByteImage Image { get; }

    /// <summary>The frames that were sampled, in sampling order.</summary>
    public IReadOnlyList<int> SampledFrames { get; }

    /// <summary>Per pixel (row-major), the largest squared distance to the person over the sampled frames.</summary>
    public IReadOnlyList<int> MaxSquaredDistances { get; }

    /// <summary>Per pixel, the first sampled frame in which that largest distance occurs (upstream <c>argmax</c>).</summary>
    public IReadOnlyList<int> FarthestFrames { get; }

    /// <summary>Pixels farther than 5 px from the person in some sampled frame; all others were filled from the nearest of these.</summary>
    public PixelMask Known { get; }
}
