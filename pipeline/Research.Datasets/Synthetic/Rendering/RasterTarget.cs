namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// A visibility buffer: per sample, the view depth (−Z, +∞ where nothing was drawn) and the triangle seen there.
/// <see cref="SamplesPerAxis"/> = 2 gives 2×2 supersampling; samples are stored row-major over the sample grid.
/// Reuse one target per thread across frames.
/// </summary>
public sealed class RasterTarget
{
    private readonly int[] ids;

    /// <summary>Allocates the buffers.</summary>
    public RasterTarget(int width, int height, int samplesPerAxis)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerAxis, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplesPerAxis, 4);
        Width = width;
        Height = height;
        SamplesPerAxis = samplesPerAxis;
        Depth = new float[SampleWidth * SampleHeight];
        ids = new int[Depth.Length];
        Clear();
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Samples per pixel along each axis.</summary>
    public int SamplesPerAxis { get; }

    /// <summary>Samples per row.</summary>
    public int SampleWidth => Width * SamplesPerAxis;

    /// <summary>Sample rows.</summary>
    public int SampleHeight => Height * SamplesPerAxis;

    /// <summary>View depth per sample (+∞ where empty).</summary>
    public float[] Depth { get; }

    internal int[] Ids => ids;

    internal List<RasterTriangle> RasterTriangles { get; } = [];

    internal List<float> ClipWeightList { get; } = [];

    /// <summary>Index of the mesh triangle visible at a sample, or −1 where nothing was drawn.</summary>
    public int SourceTriangleAt(int sampleIndex)
    {
        var id = ids[sampleIndex];
        return id < 0 ? -1 : RasterTriangles[id].Source;
    }

    /// <summary>Empties the buffers.</summary>
    public void Clear()
    {
        Array.Fill(Depth, float.PositiveInfinity);
        Array.Fill(ids, -1);
    }
}
