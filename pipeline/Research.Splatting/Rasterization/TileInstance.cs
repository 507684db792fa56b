using System.Runtime.InteropServices;

namespace Research.Splatting.Rasterization;

/// <summary>
/// One Gaussian's data copied next to its tile's other instances (cache-resident during compositing), plus the
/// conservative row and column bands outside which its α is below 1/255 and the power below which α is below 1/255.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TileInstance
{
    public float MeanX;
    public float MeanY;
    public float ConicA;
    public float ConicB;
    public float ConicC;
    public float Opacity;
    public float Red;
    public float Green;
    public float Blue;
    public float Depth;
    public float YLow;
    public float YHigh;
    public float PowerCut;
    public float XLow;
    public float XHigh;
}
