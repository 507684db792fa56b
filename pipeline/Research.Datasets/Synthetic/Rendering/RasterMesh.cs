namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// Triangles in camera space ready to rasterise: positions (x, y, z per vertex, the camera looks down −Z), a shading
/// value per vertex (r, g, b light multiplier and a specular amount) and a material per triangle. Triangles wound
/// counter-clockwise as seen from outside face outward.
/// </summary>
public sealed class RasterMesh
{
    /// <summary>Wraps the arrays (not copied; callers may refill them between frames).</summary>
    public RasterMesh(float[] positions, float[] shading, int[] triangles, byte[] triangleMaterials, IReadOnlyList<SurfaceMaterial> materials)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(shading);
        ArgumentNullException.ThrowIfNull(triangles);
        ArgumentNullException.ThrowIfNull(triangleMaterials);
        ArgumentNullException.ThrowIfNull(materials);
        if (positions.Length % 3 != 0 || shading.Length != positions.Length / 3 * 4)
        {
            throw new ArgumentException($"positions ({positions.Length}) must hold 3 and shading ({shading.Length}) 4 values per vertex.");
        }

        if (triangles.Length != triangleMaterials.Length * 3)
        {
            throw new ArgumentException($"{triangles.Length} triangle indices do not match {triangleMaterials.Length} triangle materials.");
        }

        Positions = positions;
        Shading = shading;
        Triangles = triangles;
        TriangleMaterials = triangleMaterials;
        Materials = materials;
    }

    /// <summary>Camera-space positions, 3 per vertex.</summary>
    public float[] Positions { get; }

    /// <summary>Per-vertex light (r, g, b multipliers of the albedo) and specular amount, 4 per vertex.</summary>
    public float[] Shading { get; }

    /// <summary>Vertex indices, 3 per triangle.</summary>
    public int[] Triangles { get; }

    /// <summary>Index into <see cref="Materials"/> per triangle.</summary>
    public byte[] TriangleMaterials { get; }

    /// <summary>The materials.</summary>
    public IReadOnlyList<SurfaceMaterial> Materials { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => Positions.Length / 3;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => TriangleMaterials.Length;
}
