namespace Research.Datasets.Masks;

/// <summary>
/// The per-frame masks and rectangles TalkingGaussian's loader derives from a parsing map, an EasyPortrait teeth mask
/// and the 68 landmarks (see <see cref="MaskDeriver"/> for the exact tests).
/// </summary>
public sealed class FrameMasks
{
    /// <summary>Width in pixels.</summary>
    public int Width => Face.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Face.Height;

    /// <summary><c>face_mask</c> = blue XOR teeth (so teeth outside the blue region are face too).</summary>
    public required PixelMask Face { get; init; }

    /// <summary><c>hair_mask</c> = black parsing pixels.</summary>
    public required PixelMask Hair { get; init; }

    /// <summary><c>mouth_mask</c> = grey-100 parsing pixels OR teeth.</summary>
    public required PixelMask Mouth { get; init; }

    /// <summary>Green parsing pixels (neck, necklace), as <c>process.py</c> tests them.</summary>
    public required PixelMask Neck { get; init; }

    /// <summary>Red parsing pixels (cloth), as <c>process.py</c> tests them.</summary>
    public required PixelMask Torso { get; init; }

    /// <summary>White parsing pixels (not the person), as <c>process.py</c> tests them.</summary>
    public required PixelMask Background { get; init; }

    /// <summary>The teeth mask itself (all false when none was given).</summary>
    public required PixelMask Teeth { get; init; }

    /// <summary><c>lips_rect</c> (square, unclipped).</summary>
    public required LandmarkRect LipsRect { get; init; }

    /// <summary><c>lhalf_rect</c> (unused by the losses).</summary>
    public required LandmarkRect LowerHalfRect { get; init; }
}
