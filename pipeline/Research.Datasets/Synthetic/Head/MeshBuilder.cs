using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Synthetic.Head;

/// <summary>Accumulates vertices (with tags, tints and head weights) and outward-oriented triangles.</summary>
internal sealed class MeshBuilder
{
    public List<Vec3> Positions { get; } = [];

    public List<VertexTag> Tags { get; } = [];

    public List<RgbColor> Tints { get; } = [];

    public List<float> HeadWeights { get; } = [];

    public List<int> Triangles { get; } = [];

    public List<byte> Materials { get; } = [];

    public int VertexCount => Positions.Count;

    public int AddVertex(Vec3 position, VertexTag tag, RgbColor? tint = null, double headWeight = 1)
    {
        Positions.Add(position);
        Tags.Add(tag);
        Tints.Add(tint ?? new RgbColor(1, 1, 1));
        HeadWeights.Add((float)headWeight);
        return Positions.Count - 1;
    }

    /// <summary>
    /// Adds a triangle wound so its normal points away from <paramref name="reference"/> (or towards it when
    /// <paramref name="outward"/> is false). Degenerate triangles are dropped.
    /// </summary>
    public void AddTriangle(int a, int b, int c, byte material, Vec3 reference, bool outward = true)
    {
        if (a == b || b == c || a == c)
        {
            return;
        }

        var pa = Positions[a];
        var normal = (Positions[b] - pa).Cross(Positions[c] - pa);
        if (normal.Length < 1e-14)
        {
            return;
        }

        var centroid = (pa + Positions[b] + Positions[c]) * (1.0 / 3);
        var facing = normal.Dot(centroid - reference) >= 0;
        if (facing != outward)
        {
            (b, c) = (c, b);
        }

        Triangles.Add(a);
        Triangles.Add(b);
        Triangles.Add(c);
        Materials.Add(material);
    }

    /// <summary>Adds the quad a-b-c-d as two triangles wound exactly in that order (counter-clockwise = front).</summary>
    public void AddQuadAsIs(int a, int b, int c, int d, byte material)
    {
        foreach (var (p, q, r) in (ReadOnlySpan<(int, int, int)>)[(a, b, c), (a, c, d)])
        {
            if (p != q && q != r && p != r)
            {
                Triangles.Add(p);
                Triangles.Add(q);
                Triangles.Add(r);
                Materials.Add(material);
            }
        }
    }

    /// <summary>Adds the quad a-b-c-d (in order around its rim) as two triangles oriented like <see cref="AddTriangle"/>.</summary>
    public void AddQuad(int a, int b, int c, int d, byte material, Vec3 reference, bool outward = true)
    {
        AddTriangle(a, b, c, material, reference, outward);
        AddTriangle(a, c, d, material, reference, outward);
    }
}
