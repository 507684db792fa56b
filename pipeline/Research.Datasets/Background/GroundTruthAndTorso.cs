using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>The two images <c>extract_torso_and_gt</c> writes per frame.</summary>
/// <param name="GroundTruth"><c>gt_imgs/&lt;i&gt;</c>: the frame with white parsing pixels replaced by the plate (3 channels).</param>
/// <param name="Torso"><c>torso_imgs/&lt;i&gt;.png</c>: neck, torso and inpainted areas, RGBA with alpha 0 or 255 and colour 0 where alpha is 0.</param>
public sealed record GroundTruthAndTorso(ByteImage GroundTruth, ByteImage Torso);
