using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Head;
using Research.Media.Imaging;

namespace Research.Datasets.Synthetic;

/// <summary>
/// Everything <see cref="SyntheticFrameRenderer"/> produces for one frame. Buffers are reused from frame to frame.
/// </summary>
public sealed class RenderedFrame
{
    /// <summary>Allocates the buffers for a frame size.</summary>
    public RenderedFrame(int width, int height)
    {
        Image = new ByteImage(width, height, 3);
        TorsoImage = new ByteImage(width, height, 4);
        Labels = new byte[width * height];
        Teeth = new bool[width * height];
        Depth = new float[width * height];
    }

    /// <summary>The frame, RGB (pixels of the background class hold the plate exactly).</summary>
    public ByteImage Image { get; }

    /// <summary>
    /// Neck and torso rendered without the head, RGBA: alpha 255 on neck and cloth pixels, elsewhere the plate with
    /// alpha 0 (the <c>torso_imgs</c> layer).
    /// </summary>
    public ByteImage TorsoImage { get; }

    /// <summary><see cref="ParsingClass"/> per pixel, from the pixel-centre sample.</summary>
    public byte[] Labels { get; }

    /// <summary>True on teeth pixels (pixel-centre sample).</summary>
    public bool[] Teeth { get; }

    /// <summary>View depth (−Z, tracking units) per pixel centre; +∞ on the background.</summary>
    public float[] Depth { get; }

    /// <summary>Landmark pixel coordinates (x, y) × 68, pixel centres on integers.</summary>
    public double[] Landmarks { get; } = new double[HeadMesh.LandmarkCount * 2];

    /// <summary>Landmark camera-space positions (x, y, z) × 68.</summary>
    public double[] Landmarks3D { get; } = new double[HeadMesh.LandmarkCount * 3];

    /// <summary>The head-to-camera transform of the frame.</summary>
    public RigidTransform Transform { get; internal set; } = HeadPlacement.HeadToCamera(default);

    /// <summary>Width in pixels.</summary>
    public int Width => Image.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Image.Height;
}
