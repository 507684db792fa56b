using Research.Datasets.Masks;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// The masks that <see cref="GreenScreenTargets.FaceGroundTruth"/> gets in the face branch: the paper greens the mouth
/// (the inside-mouth branch models it); the <c>no-decomposition</c> ablation makes the mouth part of the face region and
/// greens nothing inside it.
/// </summary>
public static class FaceBranchRegions
{
    /// <summary>
    /// (face region, mouth to green): decomposed → (face, mouth eroded <paramref name="erosionPasses"/> times);
    /// not decomposed → (face ∪ mouth, empty mask).
    /// </summary>
    public static (PixelMask Face, PixelMask Mouth) For(PixelMask face, PixelMask mouth, bool decomposed, int erosionPasses)
    {
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(mouth);
        ArgumentOutOfRangeException.ThrowIfNegative(erosionPasses);
        if (face.Width != mouth.Width || face.Height != mouth.Height)
        {
            throw new ArgumentException($"FaceBranchRegions: face mask {face.Width}x{face.Height} and mouth mask {mouth.Width}x{mouth.Height} differ in size.", nameof(mouth));
        }

        if (decomposed)
        {
            return (face, erosionPasses > 0 ? GreenScreenTargets.Erode(mouth, erosionPasses) : mouth);
        }

        var union = new PixelMask(face.Width, face.Height);
        for (var i = 0; i < union.Length; i++)
        {
            union[i] = face[i] || mouth[i];
        }

        return (union, new PixelMask(face.Width, face.Height));
    }
}
