using Research.Datasets.ErNerf;
using Research.Datasets.Masks;
using Research.Media.Imaging;

namespace Research.Datasets.Prepared;

/// <summary>
/// What 3D methods (TalkingGaussian, ER-NeRF-style) need beyond <see cref="ITalkingHeadData"/>: per-frame cameras,
/// OpenFace action units, parsing-derived masks and rectangles, and the per-frame torso-over-background image. Methods
/// that need it test <c>data is ITalkingHeadScene</c>; the 2D baselines keep using <see cref="ITalkingHeadData"/>.
/// </summary>
public interface ITalkingHeadScene : ITalkingHeadData
{
    /// <summary>The camera of frame <paramref name="index"/> (from <c>transforms_train.json</c> or <c>transforms_val.json</c>).</summary>
    /// <exception cref="InvalidOperationException">The dataset has no transforms files or lacks this frame.</exception>
    FrameCamera Camera(int index);

    /// <summary>The OpenFace table (<c>au.csv</c>, one row per frame), or null when the dataset has none.</summary>
    ActionUnitTable? ActionUnits { get; }

    /// <summary>Masks and rectangles from the <c>masks</c> stage, or null when the dataset has no parsing maps.</summary>
    MaskStore? Masks { get; }

    /// <summary>
    /// The per-frame background TalkingGaussian composites the head over: <c>torso_imgs/&lt;i&gt;.png</c> over the plate
    /// <c>bc.jpg</c> (<see cref="Background.TorsoComposite"/>); the plate alone when there are no torso images; RGB.
    /// </summary>
    ByteImage LoadTorsoBackground(int index);
}
