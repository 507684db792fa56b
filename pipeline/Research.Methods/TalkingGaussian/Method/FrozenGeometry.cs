using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Autograd;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>Deformed face and mouth geometry of one frame, computed without gradient (fuse and inference); no mouth means without a mouth branch.</summary>
internal sealed record FrozenGeometry(Tensor<float> FaceMeans, Tensor<float> FaceScales, Tensor<float> FaceRotations, Tensor<float>? MouthMeans)
{
    public static FrozenGeometry Compute(TalkingGaussianModel model, SceneFrame frame)
    {
        using var noGrad = new NoGrad();
        var face = model.FaceMotion.Forward(model.Face.Means.Detach(), frame.Audio, frame.Expression);
        var deformed = GaussianDeformation.Deform(model.Face.Means.Detach(), model.Face.RawScales.Detach(), model.Face.Rotations.Detach(), face);
        Tensor<float>? mouthMeans = null;
        if (model.Mouth is not null && model.MouthMotion is not null)
        {
            var mouth = model.MouthMotion.Forward(model.Mouth.Means.Detach(), frame.Audio);
            mouthMeans = GaussianDeformation.Translate(model.Mouth.Means.Detach(), mouth).Detach();
        }

        return new FrozenGeometry(deformed.Positions.Detach(), deformed.Scales.Detach(), deformed.Rotations.Detach(), mouthMeans);
    }
}
