namespace Research.Datasets.Masks;

/// <summary>
/// Bit flags of the per-frame mask PNGs the <c>masks</c> stage writes (one 8-bit gray pixel holds every mask).
/// </summary>
[Flags]
public enum MaskLayers : byte
{
    /// <summary>No mask.</summary>
    None = 0,

    /// <summary><c>face_mask</c>.</summary>
    Face = 1,

    /// <summary><c>hair_mask</c>.</summary>
    Hair = 2,

    /// <summary><c>mouth_mask</c> (inner mouth ∪ teeth).</summary>
    Mouth = 4,

    /// <summary>Teeth (EasyPortrait).</summary>
    Teeth = 8,

    /// <summary>Neck.</summary>
    Neck = 16,

    /// <summary>Torso (cloth).</summary>
    Torso = 32,

    /// <summary>Background (white parsing pixels).</summary>
    Background = 64,
}
