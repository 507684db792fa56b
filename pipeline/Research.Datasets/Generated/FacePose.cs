namespace Research.Datasets.Generated;

/// <summary>Everything that changes between frames: head offset (pixels), eye opening and mouth opening (0–1).</summary>
internal readonly record struct FacePose(double OffsetX, double OffsetY, double EyeOpen, double MouthOpen);
