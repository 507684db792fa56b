namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// Fixed studio lighting evaluated per vertex (Gouraud): ambient, a warm key light from the upper left, a cool fill
/// from the right and a Blinn–Phong highlight from the key light. Normals come from the posed mesh each frame.
/// </summary>
internal static class VertexLighting
{
    private const float Ambient = 0.34f;
    private const float Shininess = 36f;

    // Directions towards the lights, camera space (x right, y up, +z towards the camera).
    private static readonly (float X, float Y, float Z) Key = Normalize(-0.45f, 0.55f, 0.7f);
    private static readonly (float X, float Y, float Z) Fill = Normalize(0.8f, 0.05f, 0.6f);
    private static readonly RgbColor KeyColor = new(0.78f, 0.74f, 0.68f);
    private static readonly RgbColor FillColor = new(0.2f, 0.22f, 0.26f);

    /// <summary>Area-weighted vertex normals of the triangles (counter-clockwise = outward).</summary>
    public static void Normals(ReadOnlySpan<float> positions, ReadOnlySpan<int> triangles, Span<float> normals)
    {
        normals.Clear();
        for (var t = 0; t < triangles.Length; t += 3)
        {
            var a = triangles[t] * 3;
            var b = triangles[t + 1] * 3;
            var c = triangles[t + 2] * 3;
            float ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
            float vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
            var nx = (uy * vz) - (uz * vy);
            var ny = (uz * vx) - (ux * vz);
            var nz = (ux * vy) - (uy * vx);
            foreach (var v in (ReadOnlySpan<int>)[a, b, c])
            {
                normals[v] += nx;
                normals[v + 1] += ny;
                normals[v + 2] += nz;
            }
        }
    }

    /// <summary>Light per vertex: tint ⊙ (ambient + diffuse) in r, g, b and the highlight strength in the fourth value.</summary>
    public static void Shade(ReadOnlySpan<float> positions, ReadOnlySpan<float> normals, ReadOnlySpan<float> tints, Span<float> shading)
    {
        var count = positions.Length / 3;
        for (var v = 0; v < count; v++)
        {
            var (nx, ny, nz) = Normalize(normals[v * 3], normals[(v * 3) + 1], normals[(v * 3) + 2]);
            var key = MathF.Max(0, (nx * Key.X) + (ny * Key.Y) + (nz * Key.Z));
            var fill = MathF.Max(0, (nx * Fill.X) + (ny * Fill.Y) + (nz * Fill.Z));
            var (vx, vy, vz) = Normalize(-positions[v * 3], -positions[(v * 3) + 1], -positions[(v * 3) + 2]);
            var (hx, hy, hz) = Normalize(Key.X + vx, Key.Y + vy, Key.Z + vz);
            var specular = key > 0 ? MathF.Pow(MathF.Max(0, (nx * hx) + (ny * hy) + (nz * hz)), Shininess) : 0;
            shading[v * 4] = tints[v * 3] * (Ambient + (key * KeyColor.R) + (fill * FillColor.R));
            shading[(v * 4) + 1] = tints[(v * 3) + 1] * (Ambient + (key * KeyColor.G) + (fill * FillColor.G));
            shading[(v * 4) + 2] = tints[(v * 3) + 2] * (Ambient + (key * KeyColor.B) + (fill * FillColor.B));
            shading[(v * 4) + 3] = specular;
        }
    }

    private static (float X, float Y, float Z) Normalize(float x, float y, float z)
    {
        var length = MathF.Sqrt((x * x) + (y * y) + (z * z));
        return length > 0 ? (x / length, y / length, z / length) : (0, 0, 1);
    }
}
