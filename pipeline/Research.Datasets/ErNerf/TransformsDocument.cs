namespace Research.Datasets.ErNerf;

/// <summary>Contents of <c>transforms_train.json</c> or <c>transforms_val.json</c>.</summary>
/// <param name="FocalLength">Focal length in pixels (<c>focal_len</c>), the same for x and y.</param>
/// <param name="Cx">Principal point x (<c>cx</c>, written as W/2; TalkingGaussian ignores it).</param>
/// <param name="Cy">Principal point y (<c>cy</c>, written as H/2).</param>
/// <param name="Frames">The cameras, one per frame.</param>
public sealed record TransformsDocument(double FocalLength, double Cx, double Cy, IReadOnlyList<CameraFrame> Frames);
