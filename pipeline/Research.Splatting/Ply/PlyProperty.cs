namespace Research.Splatting.Ply;

/// <summary>A scalar property of a PLY element.</summary>
internal sealed record PlyProperty(string Name, PlyScalarType Type);
