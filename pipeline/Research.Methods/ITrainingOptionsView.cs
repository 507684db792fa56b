namespace Research.Methods;

/// <summary>
/// Method options with settings that only affect inference (e.g. TalkingGaussian's <c>dilate_mouth_alpha</c>). The train
/// stage's cache key uses <see cref="ForTraining"/>, so changing such a setting re-renders without retraining.
/// </summary>
public interface ITrainingOptionsView
{
    /// <summary>A copy with every inference-only setting at its default.</summary>
    object ForTraining();
}
