namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Head motion relative to the rest pose: rotations in radians about the head's x (pitch, nod), y (yaw, turn)
/// and z (roll, tilt) axes around the neck pivot, and a translation in head units (the head is about 1.5 units wide).
/// </summary>
public readonly record struct HeadPose(double Pitch, double Yaw, double Roll, double Tx, double Ty, double Tz)
{
    /// <summary>The rest pose.</summary>
    public static HeadPose Rest => default;
}
