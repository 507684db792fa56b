namespace Research.Datasets.Synthetic;

/// <summary>Progress of a synthetic dataset: frames written for the current person.</summary>
/// <param name="Identity">0-based person index.</param>
/// <param name="Identities">Number of people.</param>
/// <param name="FramesDone">Frames written so far for this person.</param>
/// <param name="FrameCount">Frames of this person's clip.</param>
public readonly record struct SyntheticProgress(int Identity, int Identities, int FramesDone, int FrameCount);
