namespace Research.Methods;

/// <summary>What a method gets besides data: its derived seed, thread budget, log, progress sink and cancellation.</summary>
public sealed record MethodContext(int Seed, int Threads, TextWriter Log, IProgress<MethodProgress> Progress, CancellationToken Cancellation)
{
    /// <summary>
    /// Folder for training checkpoints that outlives a killed or cancelled run (the stage's
    /// <c>checkpoints/&lt;key&gt;/</c>), or null when checkpoints are not wanted. A method resumes from what it finds here.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>The perceptual (LPIPS) loss for methods with LPIPS terms; null when no weights are configured.</summary>
    public IPerceptualLoss? PerceptualLoss { get; init; }

    /// <summary>Why <see cref="PerceptualLoss"/> is null (e.g. which weight files are missing where), for the method's notice.</summary>
    public string? PerceptualLossMissing { get; init; }
}
