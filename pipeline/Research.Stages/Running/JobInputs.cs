namespace Research.Stages.Running;

/// <summary>
/// Contents of <c>inputs.json</c> in a published job folder: absolute paths of the cached folders the job's train
/// stage read and wrote, so inference (<c>research synthesize</c>) finds the model and the prepared dataset of a run.
/// </summary>
/// <param name="Model">The train stage's output (the model folder).</param>
/// <param name="Dataset">The prepared dataset folder.</param>
/// <param name="Features">The audio-features stage's output.</param>
/// <param name="Masks">The masks stage's output, when the dataset has parsing maps.</param>
public sealed record JobInputs(string Model, string Dataset, string Features, string? Masks)
{
    /// <summary>File name inside the job folder.</summary>
    public const string FileName = "inputs.json";

    /// <summary>Folder the model is published to inside the job folder (hard links to the cached train output).</summary>
    public const string ModelFolder = "model";
}
