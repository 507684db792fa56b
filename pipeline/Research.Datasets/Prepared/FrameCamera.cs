namespace Research.Datasets.Prepared;

/// <summary>
/// The camera of one frame as <c>transforms_*.json</c> stores it (ER-NeRF / TalkingGaussian): a camera-to-world pose in
/// the OpenGL/NeRF convention (x right, y up, looking down −z) and pinhole intrinsics in pixels.
/// </summary>
/// <param name="FocalLength">Focal length in pixels (<c>focal_len</c>), both axes.</param>
/// <param name="Cx">Principal point x (<c>cx</c>; TalkingGaussian ignores it and assumes W/2).</param>
/// <param name="Cy">Principal point y (<c>cy</c>; ignored likewise).</param>
/// <param name="CameraToWorld">16 values, row-major 4×4 <c>transform_matrix</c>.</param>
public sealed record FrameCamera(double FocalLength, double Cx, double Cy, IReadOnlyList<double> CameraToWorld);
