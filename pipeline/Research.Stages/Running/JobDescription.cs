namespace Research.Stages.Running;

/// <summary>
/// Contents of <c>job.json</c> in a published job folder: which cell of the sweep it is and its position in the
/// experiment's job order (reports list rows in that order).
/// </summary>
public sealed record JobDescription(string Dataset, string Method, string Variant, int SeedIndex, int Position);
