using Research.Datasets.Masks;
using Research.Splatting.Cameras;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>Everything one training or rendering step needs of a frame, decoded (images planar [3, H, W] in [0, 1]).</summary>
/// <param name="Index">Frame index in the dataset.</param>
/// <param name="Camera">The rasterizer camera (OpenGL c2w → COLMAP axes, FoV from the focal, centred principal point).</param>
/// <param name="Audio">Audio window [8, C, W]: the features of frames i−4 … i+3, zero rows outside the clip.</param>
/// <param name="Expression">The 6 AUs [1, 6]: AU01, AU04, AU05, AU06, AU07 and AU45 clipped to [0, 2].</param>
/// <param name="GroundTruth">The ground-truth frame, planar RGB (null when rendering).</param>
/// <param name="Background">Torso over the background plate, planar RGB.</param>
/// <param name="Masks">Face / hair / mouth masks and the lips rectangle (null when rendering).</param>
internal sealed record SceneFrame(int Index, Camera Camera, Tensor<float> Audio, Tensor<float> Expression, float[]? GroundTruth, float[] Background, FrameMasks? Masks);
