using System.Text.Json.Serialization;
using Research.Pipeline.Configuration;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// Options of the TalkingGaussian method (ECCV 2024). Zero iteration / count values take the <see cref="Scale"/>
/// preset; every schedule threshold (warm-up, densification, sampling windows, lr decay, SH degree steps) is the
/// official value times iterations / official iterations.
/// </summary>
public sealed record TalkingGaussianOptions : IValidatableOptions, ITrainingOptionsView
{
    /// <summary>Preset: <c>small</c> (quickstart-sized schedules) or <c>paper</c> (the official 50k / 50k / 10k iterations).</summary>
    public TalkingGaussianScale Scale { get; init; } = TalkingGaussianScale.Small;

    /// <summary>
    /// <c>full</c> (the paper) or an ablation: <c>no-decomposition</c> (one face branch also models the inside of the
    /// mouth; no mouth branch), <c>uniform-sampling</c>, <c>no-region-attention</c>, <c>hash-grid</c> (a 3-D
    /// multi-resolution hash grid, 12 levels × 3 features, 2^14 rows per level, instead of the dense tri-planes).
    /// See docs/methods/talkinggaussian.md, "Ablation variants".
    /// </summary>
    public TalkingGaussianVariant Variant { get; init; } = TalkingGaussianVariant.Full;

    /// <summary>Inside-mouth branch iterations (0 = preset: small 300, paper 50,000).</summary>
    public int MouthIterations { get; init; }

    /// <summary>Face branch iterations (0 = preset: small 1,100, paper 50,000).</summary>
    public int FaceIterations { get; init; }

    /// <summary>Fuse iterations (0 = preset: small 1,500, paper 10,000).</summary>
    public int FuseIterations { get; init; }

    /// <summary>Initial random Gaussians of the mouth branch (0 = preset: small 2,000, paper 10,000).</summary>
    public int MouthInitCount { get; init; }

    /// <summary>Initial random Gaussians of the face branch (0 = preset: small 2,000, paper 2,000).</summary>
    public int FaceInitCount { get; init; }

    /// <summary>
    /// Factor on the position learning rate (1.6e-4·extent, official 1). Short runs may raise it to let the random
    /// points move further in fewer steps.
    /// </summary>
    public double PositionLrScale { get; init; } = 1.0;

    /// <summary>
    /// Lower bound of the scene extent (official: 1.1 × the camera-centre radius, no bound; 0 reproduces that). The
    /// extent scales the xyz lr, the clone/split size threshold (0.005·extent) and the world-size prune (0.1·extent);
    /// on clips with little head motion it is tiny (0.016 on the synthetic clip), so the world-size prune would delete
    /// every freshly initialised Gaussian (kNN scale ≈ 0.02 for 1000 points in ±0.1) and the points could not move.
    /// </summary>
    public double MinSceneExtent { get; init; } = 0.1;

    /// <summary>
    /// Inference only (official <c>--dilate</c>): dilate the mouth alpha α_m with a 13×13 max-pool (stride 1, padding 6)
    /// before compositing, in held-out renders and novel-audio synthesis. Training never dilates.
    /// </summary>
    public bool DilateMouthAlpha { get; init; }

    /// <summary>Log a loss line every this many iterations (0 = never).</summary>
    public int LogInterval { get; init; } = 250;

    /// <summary>
    /// Save a resumable checkpoint every this many iterations of each stage (0 = never). Written only when the run has a
    /// checkpoint folder (the pipeline's train stage has one); a killed run resumes from the latest. Not part of the
    /// stage's cache key: it does not change the result.
    /// </summary>
    [JsonIgnore]
    public int CheckpointInterval { get; init; } = 500;

    /// <summary>Mouth iterations after resolving the preset (a method, so the config binder does not see it).</summary>
    public int EffectiveMouthIterations() => MouthIterations > 0 ? MouthIterations : Scale == TalkingGaussianScale.Paper ? 50_000 : 300;

    /// <summary>Face iterations after resolving the preset (a method, so the config binder does not see it).</summary>
    public int EffectiveFaceIterations() => FaceIterations > 0 ? FaceIterations : Scale == TalkingGaussianScale.Paper ? 50_000 : 1_100;

    /// <summary>Fuse iterations after resolving the preset (a method, so the config binder does not see it).</summary>
    public int EffectiveFuseIterations() => FuseIterations > 0 ? FuseIterations : Scale == TalkingGaussianScale.Paper ? 10_000 : 1_500;

    /// <summary>Initial mouth Gaussians after resolving the preset (a method, so the config binder does not see it).</summary>
    public int EffectiveMouthInitCount() => MouthInitCount > 0 ? MouthInitCount : Scale == TalkingGaussianScale.Paper ? 10_000 : 2_000;

    /// <summary>Initial face Gaussians after resolving the preset (a method, so the config binder does not see it).</summary>
    public int EffectiveFaceInitCount() => FaceInitCount > 0 ? FaceInitCount : 2_000;

    /// <inheritdoc />
    public object ForTraining() => this with { DilateMouthAlpha = false };

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var (key, value) in new (string, int)[] {("mouth_iterations", MouthIterations), ("face_iterations", FaceIterations), ("fuse_iterations", FuseIterations), ("mouth_init_count", MouthInitCount), ("face_init_count", FaceInitCount), ("log_interval", LogInterval), ("checkpoint_interval", CheckpointInterval) })
        {
            if (value < 0)
            {
                yield return (key, "must be 0 (preset) or positive.");
            }
        }

        if (!(PositionLrScale > 0) || double.IsInfinity(PositionLrScale))
        {
            yield return ("position_lr_scale", "must be a positive number.");
        }

        if (!(MinSceneExtent >= 0) || double.IsInfinity(MinSceneExtent))
        {
            yield return ("min_scene_extent", "must be a non-negative number.");
        }
    }
}
