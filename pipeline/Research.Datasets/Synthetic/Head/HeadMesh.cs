using System.Collections.ObjectModel;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// The synthetic person as a triangle mesh in head space (tracking units, +Y up, facing +Z): head, neck and torso
/// with per-triangle materials, one vertex-offset blendshape per <see cref="Expression"/>, and the 68 iBUG landmarks
/// as vertex indices. Immutable; share one instance between threads.
/// </summary>
public sealed class HeadMesh
{
    private readonly float[][] deltas;

    internal HeadMesh(HeadIdentity identity, MeshBuilder builder, SurfaceMaterial[] materials, float[][] deltas, int[] landmarks)
    {
        Identity = identity;
        var count = builder.VertexCount;
        RestPositions = new float[count * 3];
        Tints = new float[count * 3];
        for (var v = 0; v < count; v++)
        {
            var p = builder.Positions[v];
            RestPositions[v * 3] = (float)p.X;
            RestPositions[(v * 3) + 1] = (float)p.Y;
            RestPositions[(v * 3) + 2] = (float)p.Z;
            var tint = builder.Tints[v];
            Tints[v * 3] = tint.R;
            Tints[(v * 3) + 1] = tint.G;
            Tints[(v * 3) + 2] = tint.B;
        }

        HeadWeights = [.. builder.HeadWeights];
        Triangles = [.. builder.Triangles];
        TriangleMaterials = [.. builder.Materials];
        Materials = Array.AsReadOnly(materials);
        this.deltas = deltas;
        LandmarkVertices = Array.AsReadOnly(landmarks);
    }

    /// <summary>Number of iBUG landmarks.</summary>
    public const int LandmarkCount = 68;

    /// <summary>The identity the mesh was built from.</summary>
    public HeadIdentity Identity { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => HeadWeights.Length;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => TriangleMaterials.Length;

    /// <summary>Neutral vertex positions in head space, 3 per vertex.</summary>
    public float[] RestPositions { get; }

    /// <summary>Per-vertex colour multipliers (baked shadows, blush, lashes), 3 per vertex.</summary>
    public float[] Tints { get; }

    /// <summary>
    /// Per vertex, how much it follows the head pose: 1 for the head, 0 for the torso (static in camera space),
    /// in between along the neck.
    /// </summary>
    public float[] HeadWeights { get; }

    /// <summary>Vertex indices, 3 per triangle, counter-clockwise seen from outside.</summary>
    public int[] Triangles { get; }

    /// <summary>Material index per triangle.</summary>
    public byte[] TriangleMaterials { get; }

    /// <summary>The materials (with parsing class and teeth flag).</summary>
    public ReadOnlyCollection<SurfaceMaterial> Materials { get; }

    /// <summary>Vertex index of each iBUG landmark (0–16 jaw, 17–26 brows, 27–35 nose, 36–47 eyes, 48–67 lips).</summary>
    public ReadOnlyCollection<int> LandmarkVertices { get; }

    /// <summary>Builds the mesh of an identity.</summary>
    public static HeadMesh Build(HeadIdentity identity) => HeadBuilder.Build(identity);

    /// <summary>The offset of every vertex at weight 1 of <paramref name="expression"/>, 3 per vertex.</summary>
    public ReadOnlySpan<float> ExpressionOffsets(Expression expression) => deltas[(int)expression];

    /// <summary>Rest positions plus the weighted blendshape offsets, written to <paramref name="positions"/> (3 per vertex).</summary>
    /// <param name="weights">Weight per <see cref="Expression"/> (length <see cref="Performance.ExpressionCount"/>).</param>
    /// <param name="positions">Output, head space.</param>
    public void Deform(ReadOnlySpan<float> weights, Span<float> positions)
    {
        if (weights.Length != deltas.Length)
        {
            throw new ArgumentException($"Expected {deltas.Length} expression weights, got {weights.Length}.", nameof(weights));
        }

        if (positions.Length != RestPositions.Length)
        {
            throw new ArgumentException($"Expected {RestPositions.Length} position values, got {positions.Length}.", nameof(positions));
        }

        RestPositions.CopyTo(positions);
        for (var e = 0; e < deltas.Length; e++)
        {
            var w = weights[e];
            if (w == 0)
            {
                continue;
            }

            var delta = deltas[e];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] += w * delta[i];
            }
        }
    }
}
