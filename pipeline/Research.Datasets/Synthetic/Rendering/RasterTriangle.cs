namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// A triangle after clipping and projection: vertices snapped to 1/256 of a sample in sample-grid coordinates, in the
/// source triangle's winding, with inverse view depths. Clipped pieces carry barycentric weights of their corners
/// relative to the source triangle.
/// </summary>
internal struct RasterTriangle
{
    public long X0, Y0, X1, Y1, X2, Y2;
    public double InvDepth0, InvDepth1, InvDepth2;
    public int Source;
    public int ClipWeights;
    public bool TwoSided;
}
