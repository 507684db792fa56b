using Research.Datasets.Synthetic.Randomness;
using static Research.Datasets.Synthetic.Head.ShapeMath;

namespace Research.Datasets.Synthetic.Head;

/// <summary>Hair, neck and torso.</summary>
internal sealed partial class HeadBuilder
{
    private const int HairColumns = 44;
    private const int HairRows = 9;
    private const int DrapeRows = 5;

    private void BuildHair()
    {
        var style = identity.Hairstyle;
        var frontY = 0.8 + (0.14 * identity.HairlineHeight);
        var front = skin.MidlineElevation(frontY) * 180 / Math.PI;
        (double A, double E)[] lower = style switch
        {
            Hairstyle.Long => [(0, front), (30, front - 2), (55, front - 12), (72, 20), (82, 8), (92, 14), (110, -12), (180, -14)],
            Hairstyle.Receding => [(0, front + 16), (30, front + 11), (50, front - 4), (72, 22), (80, 2), (88, 4), (96, 16), (112, 14), (140, -5), (180, -22)],
            _ => [(0, front), (30, front - 2), (55, front - 12), (72, 20), (80, 0), (88, 2), (96, 16), (112, 14), (140, -5), (180, -22)],
        };
        (double A, double E)[] upper = style == Hairstyle.Bald ? [(0, 20), (70, 20), (100, 32), (180, 28)] : [(0, 90), (180, 90)];
        var minAzimuth = style == Hairstyle.Bald ? Deg(70) : 0;
        var volume = identity.HairVolume;
        var (sideThickness, topThickness) = style switch
        {
            Hairstyle.Long => (0.085 * volume, 0.11 * volume),
            Hairstyle.Bun => (0.028, 0.04 + (0.03 * volume)),
            Hairstyle.Receding => (0.03 * volume, 0.04 * volume),
            Hairstyle.Bald => (0.022 * volume, 0.022 * volume),
            _ => (0.035 * volume, 0.055 * volume),
        };

        var random = new SeededRandom(identity.Seed, 0x4A);
        var phase1 = random.NextDouble(0, 2 * Math.PI);
        var phase2 = random.NextDouble(0, 2 * Math.PI);
        var tag = new VertexTag(VertexRole.Hair);
        var head = new Vec3(0, 0, -0.1);

        // Columns over the allowed azimuths; the bald fringe is two open strips, the others wrap around.
        var columnAzimuths = new List<double>();
        for (var j = 0; j < HairColumns; j++)
        {
            var s = -1 + (2.0 * j / HairColumns);
            var a = Math.PI * (s - (0.4 * Math.Sin(Math.PI * s) / Math.PI));
            if (Math.Abs(a) >= minAzimuth - 1e-9)
            {
                columnAzimuths.Add(a);
            }
        }

        var drape = style == Hairstyle.Long ? DrapeRows : 0;
        var columns = new int[columnAzimuths.Count][];
        for (var j = 0; j < columnAzimuths.Count; j++)
        {
            var a = columnAzimuths[j];
            var low = Deg(Interpolate(lower, Math.Abs(a) * 180 / Math.PI));
            var high = Deg(Interpolate(upper, Math.Abs(a) * 180 / Math.PI));
            var streak = 1 + (0.12 * Math.Sin((7.3 * a) + phase1) * Math.Cos((3.1 * a) + phase2));
            var column = new List<int>();
            var edge = default(Vec3);
            for (var r = 0; r < HairRows; r++)
            {
                var t = (double)r / HairRows;
                var e = low + ((high - low) * t);
                var thickness = (sideThickness + ((topThickness - sideThickness) * Ramp(e, Deg(20), Deg(70)))) * (0.12 + (0.88 * Ramp(t, 0, 0.18)));
                var p = skin.Point(a, e) + (SkinSurface.Direction(a, e) * thickness);
                if (r == 0)
                {
                    edge = p;
                    for (var d = 0; d < drape; d++)
                    {
                        var along = 1 - ((double)d / drape);
                        var length = Ramp(Math.Abs(a), Deg(100), Deg(125)) * (edge.Y + 1.3);
                        var outward = new Vec3(Math.Sin(a), 0, Math.Cos(a)) * ((0.02 + (0.1 * along)) * Ramp(Math.Abs(a), Deg(100), Deg(125)));
                        column.Add(mesh.AddVertex(edge + new Vec3(0, -length * along, 0) + outward, tag, Shade(streak * 0.85)));
                    }
                }

                var shade = streak * (r == 0 ? 0.85 : 1.0) * (1 + (0.1 * Gauss((e - Deg(65)) / Deg(10), 0)));
                column.Add(mesh.AddVertex(p, tag, Shade(shade)));
            }

            if (upper.Length != 2)
            {
                var e = high;
                column.Add(mesh.AddVertex(skin.Point(a, e) + (SkinSurface.Direction(a, e) * sideThickness * 0.12), tag, Shade(streak * 0.85)));
            }

            columns[j] = [.. column];
        }

        var crown = upper.Length == 2
            ? mesh.AddVertex(skin.Point(0, Math.PI / 2) + new Vec3(0, topThickness, 0), tag, Shade(1))
            : -1;
        var count = columns.Length;
        for (var j = 0; j < count; j++)
        {
            // The bald fringe leaves the front open: skip the jump across the forehead.
            var gap = columnAzimuths[(j + 1) % count] - columnAzimuths[j];
            if (gap < 0)
            {
                gap += 2 * Math.PI;
            }

            if (gap > 0.5)
            {
                continue;
            }

            var left = columns[j];
            var right = columns[(j + 1) % count];
            for (var r = 0; r + 1 < left.Length; r++)
            {
                var reference = DrapeReference(mesh.Positions[left[r]], head);
                mesh.AddQuad(left[r], right[r], right[r + 1], left[r + 1], HeadMaterials.Hair, reference);
            }

            if (crown >= 0)
            {
                mesh.AddTriangle(crown, left[^1], right[^1], HeadMaterials.Hair, head);
            }
        }

        if (style == Hairstyle.Bun)
        {
            var direction = SkinSurface.Direction(Math.PI, Deg(38));
            var center = skin.Point(Math.PI, Deg(38)) + (direction * 0.14);
            BuildEllipsoid(center, new Vec3(0.26 * volume, 0.22 * volume, 0.2 * volume), HeadMaterials.Hair, tag, 10, 16);
        }
    }

    /// <summary>Hanging hair faces away from the vertical axis through the head, the rest away from its centre.</summary>
    private static Vec3 DrapeReference(Vec3 p, Vec3 head) => p.Y < -0.3 ? new Vec3(0, p.Y, -0.15) : head;

    private void BuildEllipsoid(Vec3 center, Vec3 radii, byte material, VertexTag tag, int rings, int segments)
    {
        var top = mesh.AddVertex(center + new Vec3(0, radii.Y, 0), tag);
        var bottom = mesh.AddVertex(center - new Vec3(0, radii.Y, 0), tag);
        var previous = Enumerable.Repeat(top, segments).ToArray();
        for (var r = 1; r <= rings; r++)
        {
            var ring = new int[segments];
            if (r == rings)
            {
                Array.Fill(ring, bottom);
            }
            else
            {
                var theta = Math.PI * r / rings;
                for (var k = 0; k < segments; k++)
                {
                    var phi = 2 * Math.PI * k / segments;
                    var p = center + new Vec3(radii.X * Math.Sin(theta) * Math.Cos(phi), radii.Y * Math.Cos(theta), radii.Z * Math.Sin(theta) * Math.Sin(phi));
                    ring[k] = mesh.AddVertex(p, tag, Shade(0.9 + (0.1 * Math.Cos(theta))));
                }
            }

            for (var k = 0; k < segments; k++)
            {
                var k1 = (k + 1) % segments;
                mesh.AddQuad(previous[k], previous[k1], ring[k1], ring[k], material, center);
            }

            previous = ring;
        }
    }

    private void BuildNeck()
    {
        const int Rings = 12;
        const int Segments = 20;
        const double Top = -0.45;
        const double Bottom = -1.75;
        var centerZ = -0.13;
        var radiusX = 0.5 * Math.Sqrt(identity.HeadWidth);
        var radiusZ = 0.43;
        var tag = new VertexTag(VertexRole.Neck);
        var previous = new int[Segments];
        for (var r = 0; r <= Rings; r++)
        {
            var y = Bottom + ((Top - Bottom) * r / Rings);
            var weight = Ramp(y, -1.3, -0.6);
            var ring = new int[Segments];
            for (var k = 0; k < Segments; k++)
            {
                var phi = 2 * Math.PI * k / Segments;
                var p = new Vec3(radiusX * Math.Sin(phi), y, centerZ + (radiusZ * Math.Cos(phi)));

                // Shadow under the jaw on the front of the neck.
                var shadow = Ramp(y, -1.05, -0.7) * Ramp(p.Z, -0.2, 0.2);
                ring[k] = mesh.AddVertex(p, tag, Shade(1 - (0.35 * shadow)), weight);
            }

            if (r > 0)
            {
                var axis = new Vec3(0, y, centerZ);
                for (var k = 0; k < Segments; k++)
                {
                    var k1 = (k + 1) % Segments;
                    mesh.AddQuad(previous[k], previous[k1], ring[k1], ring[k], HeadMaterials.Neck, axis);
                }
            }

            previous = ring;
        }

        // Cap the top so the neck reads as solid in the head-less torso layer.
        var cap = mesh.AddVertex(new Vec3(0, Top, centerZ), tag, Shade(0.7));
        for (var k = 0; k < Segments; k++)
        {
            mesh.AddTriangle(cap, previous[k], previous[(k + 1) % Segments], HeadMaterials.Neck, new Vec3(0, Top - 1, centerZ));
        }
    }

    private void BuildTorso()
    {
        // Profile rings from the collar down: (half width, half depth, height).
        (double X, double Z, double Y)[] profile =
        [
            (0.47, 0.4, -1.2), (0.6, 0.5, -1.27), (0.95, 0.6, -1.38), (1.4, 0.68, -1.52),
            (1.75, 0.75, -1.72), (1.95, 0.8, -1.98), (2.02, 0.82, -2.3), (2.0, 0.85, -3.2),
        ];
        const int Segments = 40;
        const int Steps = 3;
        const double CenterZ = -0.15;
        var shoulders = 0.94 + (0.12 * identity.HeadWidth);
        var tag = new VertexTag(VertexRole.Torso);
        var rings = new List<(int[] Ring, double Y, bool Collar)>();
        for (var i = 0; i + 1 < profile.Length; i++)
        {
            for (var step = 0; step < Steps; step++)
            {
                if (i > 0 && step == 0)
                {
                    continue;
                }

                var u = (double)step / Steps;
                var p0 = profile[Math.Max(0, i - 1)];
                var p1 = profile[i];
                var p2 = profile[i + 1];
                var p3 = profile[Math.Min(profile.Length - 1, i + 2)];
                var x = Spline(p0.X, p1.X, p2.X, p3.X, u) * (i >= 2 ? shoulders : 1);
                var z = Spline(p0.Z, p1.Z, p2.Z, p3.Z, u);
                var y = Spline(p0.Y, p1.Y, p2.Y, p3.Y, u);
                rings.Add((TorsoRing(x, z, y, CenterZ + ((-0.13 - CenterZ) * Ramp(y, -1.4, -1.2)), Segments, tag), y, i == 0));
            }

            if (i + 2 == profile.Length)
            {
                var last = profile[^1];
                rings.Add((TorsoRing(last.X * shoulders, last.Z, last.Y, CenterZ, Segments, tag), last.Y, false));
            }
        }

        for (var r = 0; r + 1 < rings.Count; r++)
        {
            var material = rings[r].Collar ? HeadMaterials.Trim : HeadMaterials.Cloth;
            var axis = new Vec3(0, (rings[r].Y + rings[r + 1].Y) / 2, CenterZ);
            for (var k = 0; k < Segments; k++)
            {
                var k1 = (k + 1) % Segments;
                mesh.AddQuad(rings[r].Ring[k], rings[r].Ring[k1], rings[r + 1].Ring[k1], rings[r + 1].Ring[k], material, axis);
            }
        }
    }

    private int[] TorsoRing(double halfWidth, double halfDepth, double y, double centerZ, int segments, VertexTag tag)
    {
        const double Exponent = 2.6;
        var ring = new int[segments];
        for (var k = 0; k < segments; k++)
        {
            var phi = 2 * Math.PI * k / segments;
            var (s, c) = Math.SinCos(phi);
            var x = halfWidth * Math.Sign(s) * Math.Pow(Math.Abs(s), 2 / Exponent);
            var z = halfDepth * Math.Sign(c) * Math.Pow(Math.Abs(c), 2 / Exponent);
            var fold = 1 + (0.05 * Math.Sin((phi * 7) + (y * 4)) * Ramp(y, -1.4, -2.2));
            ring[k] = mesh.AddVertex(new Vec3(x, y, centerZ + z), tag, Shade(fold * (1 - (0.2 * Ramp(y, -1.8, -2.6)))), 0);
        }

        return ring;
    }

    private static double Spline(double a, double b, double c, double d, double u) =>
        0.5 * ((2 * b) + ((-a + c) * u) + (((2 * a) - (5 * b) + (4 * c) - d) * u * u) + ((-a + (3 * b) - (3 * c) + d) * u * u * u));

    private static double Interpolate((double A, double E)[] knots, double azimuth)
    {
        if (azimuth <= knots[0].A)
        {
            return knots[0].E;
        }

        for (var i = 0; i + 1 < knots.Length; i++)
        {
            if (azimuth <= knots[i + 1].A)
            {
                var t = Smooth((azimuth - knots[i].A) / (knots[i + 1].A - knots[i].A));
                return knots[i].E + ((knots[i + 1].E - knots[i].E) * t);
            }
        }

        return knots[^1].E;
    }
}
