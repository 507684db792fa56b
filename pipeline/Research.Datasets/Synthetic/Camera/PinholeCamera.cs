namespace Research.Datasets.Synthetic.Camera;

/// <summary>
/// The ER-NeRF tracking camera: at the origin, looking down −Z with +Y up (OpenGL), principal point (W/2, H/2).
/// A camera-space point projects to <c>u = −f·X/Z + cx</c>, <c>v = f·Y/Z + cy</c> (x right, y down).
/// </summary>
/// <remarks>
/// Pixel coordinates are 0-based with pixel centres on integers: pixel (i, j) covers [i − ½, i + ½] × [j − ½, j + ½].
/// The optical axis therefore passes through the centre of pixel (W/2, H/2), as in ER-NeRF's face tracker with FAN
/// landmarks; renderers that put the axis at the image centre ((W − 1)/2 in these coordinates, e.g. 3DGS) see the same
/// half-pixel offset on these data as on real ER-NeRF data.
/// </remarks>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Focal">Focal length in pixels (<c>focal_len</c> in transforms files).</param>
public sealed record PinholeCamera(int Width, int Height, double Focal)
{
    /// <summary>Principal point x, W/2.</summary>
    public double Cx => Width / 2.0;

    /// <summary>Principal point y, H/2.</summary>
    public double Cy => Height / 2.0;

    /// <summary>Projects a camera-space point (Z &lt; 0 in front of the camera) to pixel coordinates.</summary>
    public (double U, double V) Project(double x, double y, double z) => ((-Focal * x / z) + Cx, (Focal * y / z) + Cy);
}
