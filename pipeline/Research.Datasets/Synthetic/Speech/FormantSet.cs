namespace Research.Datasets.Synthetic.Speech;

/// <summary>The first three formant frequencies and bandwidths of a sound, in Hz, for an adult male vocal tract.</summary>
/// <param name="F1">First formant; rises as the jaw opens.</param>
/// <param name="F2">Second formant; rises as the tongue moves forward, falls with lip rounding.</param>
/// <param name="F3">Third formant; low for /r/-coloured sounds.</param>
/// <param name="B1">Bandwidth of F1.</param>
/// <param name="B2">Bandwidth of F2.</param>
/// <param name="B3">Bandwidth of F3.</param>
public readonly record struct FormantSet(double F1, double F2, double F3, double B1, double B2, double B3);
