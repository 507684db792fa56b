namespace Research.Datasets.ErNerf;

/// <summary>OpenFace's head pose columns: translation in millimetres and rotation (radians, XYZ Euler) in camera space.</summary>
/// <param name="Tx">pose_Tx.</param>
/// <param name="Ty">pose_Ty.</param>
/// <param name="Tz">pose_Tz.</param>
/// <param name="Rx">pose_Rx (pitch).</param>
/// <param name="Ry">pose_Ry (yaw).</param>
/// <param name="Rz">pose_Rz (roll).</param>
public readonly record struct OpenFacePose(double Tx, double Ty, double Tz, double Rx, double Ry, double Rz);
