namespace Research.Datasets.Synthetic.Head;

/// <summary>What a vertex belongs to; the expression rig moves each role differently.</summary>
internal enum VertexRole : byte
{
    Skin,
    UpperLip,
    LowerLip,
    SlitUpper,
    SlitLower,
    SlitCorner,
    PocketUpper,
    PocketLower,
    Throat,
    UpperTeeth,
    LowerTeeth,
    Tongue,
    Eyeball,
    UpperLid,
    LowerLid,
    Brow,
    Ear,
    Hair,
    Neck,
    Torso,
}
