namespace Research.Datasets.Synthetic.Head;

/// <summary>Anatomical reference points the expression rig needs.</summary>
internal sealed record RigGeometry(Vec3 JawHinge, double MouthY, double CornerX, double ChinY, double SubnasaleY, Vec3[] EyeCenters, double BlinkAngle);
