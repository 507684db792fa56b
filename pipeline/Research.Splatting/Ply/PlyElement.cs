namespace Research.Splatting.Ply;

/// <summary>A PLY element: name, count and scalar properties (list properties are only allowed after 'vertex').</summary>
internal sealed record PlyElement(string Name, int Count, IReadOnlyList<PlyProperty> Properties, bool HasListProperty)
{
    public int Stride => Properties.Sum(p => p.Type.Size);
}
