using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Synthetic.Head;

/// <summary>Mouth interior: the pocket behind the lips, teeth with gums, and the tongue.</summary>
internal sealed partial class HeadBuilder
{
    private const int PocketRings = 5;

    // (dy, dz) of the pocket rings behind the upper and lower lip, before tapering towards the corners.
    private static readonly (double Dy, double Dz)[] UpperPocket = [(0.012, -0.03), (0.05, -0.09), (0.09, -0.19), (0.08, -0.31)];
    private static readonly (double Dy, double Dz)[] LowerPocket = [(-0.012, -0.03), (-0.06, -0.09), (-0.12, -0.19), (-0.12, -0.31)];

    private Vec3 MouthFront => mesh.Positions[grid[slitRow][FrontColumn]];

    private void BuildMouth()
    {
        var upper = new Dictionary<int, int[]>();
        var lower = new Dictionary<int, int[]>();
        for (var j = FrontColumn - CornerColumns; j <= FrontColumn + CornerColumns; j++)
        {
            var s = MouthS(j);
            var taper = Math.Sqrt(Math.Max(0, 1 - (s * s)));
            var depth = 0.45 + (0.55 * taper);
            var lip = mesh.Positions[grid[slitRow][j]];
            var up = new int[PocketRings + 1];
            var down = new int[PocketRings + 1];
            up[0] = grid[slitRow][j];
            down[0] = slitLower.GetValueOrDefault(j, up[0]);
            var corner = !IsMouthInterior(j);
            for (var k = 1; k < PocketRings; k++)
            {
                var narrow = 1 - (0.3 * k / PocketRings);
                var tint = Shade(1 - (0.55 * k / PocketRings));
                var (uy, uz) = UpperPocket[k - 1];
                up[k] = mesh.AddVertex(new Vec3(lip.X * narrow, lip.Y + (uy * taper), lip.Z + (uz * depth)), new VertexTag(VertexRole.PocketUpper, S: s, T: k), tint);
                if (corner)
                {
                    down[k] = up[k];
                }
                else
                {
                    var (ly, lz) = LowerPocket[k - 1];
                    down[k] = mesh.AddVertex(new Vec3(lip.X * narrow, lip.Y + (ly * taper), lip.Z + (lz * depth)), new VertexTag(VertexRole.PocketLower, S: s, T: k, Below: true), tint);
                }
            }

            var throat = mesh.AddVertex(new Vec3(lip.X * 0.7, lip.Y - (0.03 * taper), lip.Z - (0.4 * depth)), new VertexTag(VertexRole.Throat, S: s, T: PocketRings), Shade(0.3));
            up[PocketRings] = throat;
            down[PocketRings] = throat;
            upper[j] = up;
            lower[j] = down;
        }

        for (var j = FrontColumn - CornerColumns; j < FrontColumn + CornerColumns; j++)
        {
            for (var k = 0; k < PocketRings; k++)
            {
                var material = k == 0 ? HeadMaterials.InnerLip : HeadMaterials.Cavity;
                // Wound so normals face into the cavity; the two branches meet at the throat and the corners with
                // opposite edge directions, so the pocket is consistently oriented.
                mesh.AddQuadAsIs(upper[j][k + 1], upper[j + 1][k + 1], upper[j + 1][k], upper[j][k], material);
                mesh.AddQuadAsIs(lower[j][k], lower[j + 1][k], lower[j + 1][k + 1], lower[j][k + 1], material);
            }
        }

        BuildTeeth(upperRow: true);
        BuildTeeth(upperRow: false);
        BuildTongue();
    }

    private void BuildTeeth(bool upperRow)
    {
        var front = MouthFront;
        var radius = upperRow ? 0.27 : 0.245;
        var frontZ = front.Z - (upperRow ? 0.07 : 0.09);
        double[] widths = upperRow ? [0.085, 0.068, 0.075, 0.068] : [0.055, 0.06, 0.068, 0.066];
        double[] lengths = upperRow ? [0, 0.004, -0.003, 0.008] : [0, 0.002, -0.003, 0.006];
        var edgeY = upperRow ? MouthY - 0.022 : MouthY - 0.004;
        var gumY = upperRow ? MouthY + 0.08 : MouthY - 0.08;
        var gumTopY = upperRow ? MouthY + 0.115 : MouthY - 0.105;
        var role = upperRow ? VertexRole.UpperTeeth : VertexRole.LowerTeeth;
        var tag = new VertexTag(role, Below: !upperRow);
        var archCenter = new Vec3(0, MouthY, frontZ - radius);
        var direction = upperRow ? 1 : -1;
        const double Gap = 0.0035;

        // Incisors lean: away from the biting edge the arch moves back.
        Vec3 Arch(double arc, double y) =>
            new(radius * Math.Sin(arc / radius), y, frontZ - (radius * (1 - Math.Cos(arc / radius))) - (0.25 * Math.Abs(y - edgeY)));

        foreach (var side in (ReadOnlySpan<int>)[-1, 1])
        {
            var start = 0.0;
            var gumColumns = new List<(int Low, int High)>();
            for (var i = 0; i < widths.Length; i++)
            {
                var end = start + widths[i];
                var occlusion = 1 - (0.12 * i);
                var tip = edgeY - (direction * lengths[i]);
                double[] arcs = [start + (Gap / 2), (start + end) / 2, end - (Gap / 2)];
                var columns = new int[3][];
                for (var c = 0; c < 3; c++)
                {
                    var rounded = c == 1 ? -direction * 0.004 : direction * 0.003;
                    double[] ys = [tip + rounded, (tip + gumY) / 2, gumY];
                    var edgeShade = c == 1 ? 1.0 : 0.78;
                    columns[c] = new int[3];
                    for (var r = 0; r < 3; r++)
                    {
                        var p = Arch(side * arcs[c], ys[r]);
                        var tint = Shade(occlusion * edgeShade * (r == 2 ? 0.9 : 1.0) * (upperRow ? 0.95 : 0.82));
                        columns[c][r] = mesh.AddVertex(p, tag, tint);
                    }
                }

                for (var c = 0; c < 2; c++)
                {
                    for (var r = 0; r < 2; r++)
                    {
                        mesh.AddQuad(columns[c][r], columns[c + 1][r], columns[c + 1][r + 1], columns[c][r + 1], HeadMaterials.Teeth, archCenter);
                    }
                }

                gumColumns.Add((mesh.AddVertex(Arch(side * start, gumY - (direction * 0.004)), tag, Shade(0.85 * occlusion)), mesh.AddVertex(Arch(side * start, gumTopY), tag, Shade(0.7 * occlusion))));
                start = end;
            }

            gumColumns.Add((mesh.AddVertex(Arch(side * start, gumY - (direction * 0.004)), tag, Shade(0.5)), mesh.AddVertex(Arch(side * start, gumTopY), tag, Shade(0.4))));
            for (var i = 0; i + 1 < gumColumns.Count; i++)
            {
                mesh.AddQuad(gumColumns[i].Low, gumColumns[i + 1].Low, gumColumns[i + 1].High, gumColumns[i].High, HeadMaterials.Gums, archCenter);
            }
        }
    }

    private void BuildTongue()
    {
        var front = MouthFront;
        var center = new Vec3(0, MouthY - 0.1, front.Z - 0.3);
        const int Rings = 6;
        const int Segments = 16;
        var tag = new VertexTag(VertexRole.Tongue, Below: true);
        var apex = mesh.AddVertex(center + new Vec3(0, 0.045, 0), tag, Shade(0.8));
        var previous = Enumerable.Repeat(apex, Segments).ToArray();
        for (var r = 1; r <= Rings; r++)
        {
            var theta = Math.PI / 2 * r / Rings;
            var ring = new int[Segments];
            for (var k = 0; k < Segments; k++)
            {
                var phi = 2 * Math.PI * k / Segments;
                var p = center + new Vec3(0.14 * Math.Sin(theta) * Math.Cos(phi), 0.045 * Math.Cos(theta), 0.16 * Math.Sin(theta) * Math.Sin(phi));
                ring[k] = mesh.AddVertex(p, tag, Shade(0.6 + (0.25 * (p.Z - center.Z + 0.16) / 0.32)));
            }

            for (var k = 0; k < Segments; k++)
            {
                var k1 = (k + 1) % Segments;
                mesh.AddQuad(previous[k], previous[k1], ring[k1], ring[k], HeadMaterials.Tongue, center);
            }

            previous = ring;
        }
    }

    private static RgbColor Shade(double value) => new((float)value, (float)value, (float)value);
}
