namespace Research.Stages.Experiments;

/// <summary>The <c>background</c> stage: the static plate <c>bc</c>, <c>gt_imgs</c> and <c>torso_imgs</c>.</summary>
public sealed record BackgroundOptions
{
    /// <summary>Recompute the plate and per-frame images by the ER-NeRF algorithm even when the dataset ships them.</summary>
    public bool Rebuild { get; init; }
}
