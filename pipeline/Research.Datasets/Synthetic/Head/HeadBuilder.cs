using Research.Datasets.Synthetic.Rendering;
using static Research.Datasets.Synthetic.Head.ShapeMath;

namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// Builds the head mesh of an identity: skin grid with a lip slit, mouth interior, eyes with lids, brows, ears,
/// hair, neck and torso, then the expression blendshapes and the 68 landmark vertices.
/// </summary>
/// <remarks>
/// The skin is a latitude–longitude grid over <see cref="SkinSurface"/>, dense on the face. The closed lip line is
/// one grid row whose vertices between the mouth corners are duplicated (upper and lower lip), so opening the mouth
/// needs no change of topology; behind it a closed pocket holds teeth and tongue. Rows next to the lip line follow
/// the lip outline, so the vermilion border is smooth rather than stair-stepped.
/// </remarks>
internal sealed partial class HeadBuilder
{
    private const int Columns = 56;
    private const double ColumnGrading = 0.6;
    private const int CornerColumns = 6;
    private const int UpperBandRows = 3;
    private const int LowerBandRows = 3;
    private const double RowSpacing = 0.05;
    private const double MinLipHeight = 0.012;

    private readonly HeadIdentity identity;
    private readonly SkinSurface skin;
    private readonly MeshBuilder mesh = new();
    private readonly double[] azimuths = new double[Columns];
    private readonly List<int[]> grid = [];
    private readonly Dictionary<int, int> slitLower = [];
    private readonly double upperLipHeight;
    private readonly double lowerLipHeight;
    private int slitRow;
    private readonly double cornerAzimuth;
    private readonly double cornerX;
    private int bottomPole;
    private int topPole;

    private HeadBuilder(HeadIdentity identity)
    {
        this.identity = identity;
        skin = new SkinSurface(identity);
        upperLipHeight = 0.065 * identity.LipFullness;
        lowerLipHeight = 0.08 * identity.LipFullness;
        for (var j = 0; j < Columns; j++)
        {
            var s = -1 + (2.0 * j / Columns);
            azimuths[j] = Math.PI * (s - (ColumnGrading * Math.Sin(Math.PI * s) / Math.PI));
        }

        cornerAzimuth = azimuths[FrontColumn + CornerColumns];
        cornerX = skin.Base(cornerAzimuth, skin.MidlineElevation(MouthY)).X;
    }

    private static int FrontColumn => Columns / 2;

    private double MouthY => SkinSurface.MouthY;

    public static HeadMesh Build(HeadIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var builder = new HeadBuilder(identity);
        builder.BuildSkin();
        builder.BuildMouth();
        builder.BuildEye(0);
        builder.BuildEye(1);
        builder.BuildBrow(0);
        builder.BuildBrow(1);
        builder.BuildEar(-1);
        builder.BuildEar(1);
        builder.BuildHair();
        builder.BuildNeck();
        builder.BuildTorso();
        var landmarks = builder.PickLandmarks();
        var deltas = new ExpressionRig(builder.mesh, builder.RigGeometry()).Build();
        return new HeadMesh(identity, builder.mesh, HeadMaterials.Create(identity), deltas, landmarks);
    }

    /// <summary>Mouth column coordinate: −1 and 1 at the corners.</summary>
    private double MouthS(int column) => azimuths[column] / cornerAzimuth;

    private static bool IsMouthColumn(int column) => Math.Abs(column - FrontColumn) <= CornerColumns;

    private static bool IsMouthInterior(int column) => Math.Abs(column - FrontColumn) < CornerColumns;

    /// <summary>Height of the upper lip's red part at mouth coordinate s, with a Cupid's bow.</summary>
    private double UpperLipHeightAt(double s)
    {
        var body = Math.Pow(Math.Max(0, 1 - (s * s)), 0.7);
        var bow = 1 + (0.15 * Gauss((Math.Abs(s) - 0.32) / 0.16, 0)) - (0.12 * Gauss(s / 0.13, 0));
        return MinLipHeight + ((upperLipHeight - MinLipHeight) * body * bow);
    }

    private double LowerLipHeightAt(double s) =>
        MinLipHeight + ((lowerLipHeight - MinLipHeight) * Math.Pow(Math.Max(0, 1 - (s * s)), 0.55));

    /// <summary>Forward bulge of the lips at band coordinate t (0 on the lip line, 1 on the border).</summary>
    private double LipBulge(bool upper, double t, double s)
    {
        var taper = Math.Sqrt(Math.Max(0, 1 - (s * s)));
        var profile = upper ? 0.035 + (0.07 * t) - (0.09 * t * t) : 0.035 + (0.1 * t) - (0.125 * t * t);
        return identity.LipFullness * profile * taper;
    }

    private void BuildSkin()
    {
        var upperGap = (upperLipHeight * 1.2) + 0.035;
        var lowerGap = (lowerLipHeight * 1.1) + 0.035;

        // Rows from the bottom pole up: coarse under the chin, regular on the face, lip bands around the slit,
        // regular up the forehead, coarse over the crown.
        var rows = new List<Func<int, (double E, VertexTag Tag, double Bulge)>>();
        var chinElevation = skin.MidlineElevation(skin.ChinY - 0.04);
        for (var k = 1; k <= 4; k++)
        {
            var e = Lerp(-Math.PI / 2, chinElevation, k / 5.0);
            rows.Add(j => (e, new VertexTag(VertexRole.Skin, S: MouthS(j), Below: true), 0));
        }

        var lowBase = MouthY - lowerGap;
        var lowCount = (int)Math.Ceiling((lowBase - (skin.ChinY - 0.04)) / RowSpacing);
        for (var k = 0; k <= lowCount; k++)
        {
            var y = (skin.ChinY - 0.04) + ((lowBase - (skin.ChinY - 0.04)) * k / lowCount);
            var e = skin.MidlineElevation(y);
            rows.Add(j => (e, new VertexTag(VertexRole.Skin, S: MouthS(j), Below: true), 0));
        }

        for (var k = LowerBandRows; k >= 1; k--)
        {
            var kk = k;
            rows.Add(j => BandRow(j, upper: false, kk, lowerGap));
        }

        slitRow = rows.Count;
        var slitElevation = skin.MidlineElevation(MouthY);
        rows.Add(j => (slitElevation, new VertexTag(IsMouthInterior(j) ? VertexRole.SlitUpper : IsMouthColumn(j) ? VertexRole.SlitCorner : VertexRole.Skin, S: MouthS(j)), LipBulge(true, 0, MouthS(j))));
        for (var k = 1; k <= UpperBandRows; k++)
        {
            var kk = k;
            rows.Add(j => BandRow(j, upper: true, kk, upperGap));
        }

        // Rows up the face, with extra rows where the nose turns under so its tip and base stay crisp.
        const double ForeheadTop = 1.0;
        var highBase = MouthY + upperGap;
        double[] knots = [highBase, skin.SubnasaleY - 0.015, skin.SubnasaleY + 0.01, skin.NoseTipY - 0.01, skin.NoseTipY + 0.03, ForeheadTop];
        for (var i = 0; i + 1 < knots.Length; i++)
        {
            var steps = Math.Max(1, (int)Math.Ceiling((knots[i + 1] - knots[i]) / RowSpacing));
            for (var k = i == 0 ? 0 : 1; k <= steps; k++)
            {
                var e = skin.MidlineElevation(knots[i] + ((knots[i + 1] - knots[i]) * k / steps));
                rows.Add(j => (e, new VertexTag(VertexRole.Skin, S: MouthS(j)), 0));
            }
        }

        var foreheadElevation = skin.MidlineElevation(ForeheadTop);
        for (var k = 1; k <= 5; k++)
        {
            var e = Lerp(foreheadElevation, Math.PI / 2, k / 6.0);
            rows.Add(j => (e, new VertexTag(VertexRole.Skin, S: MouthS(j)), 0));
        }

        foreach (var row in rows)
        {
            var indices = new int[Columns];
            for (var j = 0; j < Columns; j++)
            {
                var (e, tag, bulge) = row(j);
                var p = skin.Point(azimuths[j], e) + new Vec3(0, 0, bulge);
                indices[j] = mesh.AddVertex(p, tag, SkinTint(p));
                if (grid.Count == slitRow && IsMouthInterior(j))
                {
                    slitLower[j] = mesh.AddVertex(p, tag with { Role = VertexRole.SlitLower, Below = true }, SkinTint(p));
                }
            }

            grid.Add(indices);
        }

        bottomPole = mesh.AddVertex(skin.Point(0, -Math.PI / 2), new VertexTag(VertexRole.Skin, Below: true), SkinTint(skin.Point(0, -Math.PI / 2)));
        topPole = mesh.AddVertex(skin.Point(0, Math.PI / 2), new VertexTag(VertexRole.Skin), SkinTint(skin.Point(0, Math.PI / 2)));

        var center = new Vec3(0, 0, -0.1);
        for (var j = 0; j < Columns; j++)
        {
            var j1 = (j + 1) % Columns;
            mesh.AddTriangle(bottomPole, grid[0][j], grid[0][j1], HeadMaterials.Skin, center);
            mesh.AddTriangle(topPole, grid[^1][j], grid[^1][j1], HeadMaterials.Skin, center);
            for (var r = 0; r + 1 < grid.Count; r++)
            {
                var a = grid[r][j];
                var b = grid[r][j1];
                var c = grid[r + 1][j1];
                var d = grid[r + 1][j];
                if (r + 1 == slitRow)
                {
                    c = slitLower.GetValueOrDefault(j1, c);
                    d = slitLower.GetValueOrDefault(j, d);
                }

                var lip = IsMouthColumn(j) && IsMouthColumn(j1) && r >= slitRow - LowerBandRows && r + 1 <= slitRow + UpperBandRows;
                mesh.AddQuad(a, b, c, d, lip ? HeadMaterials.Lips : HeadMaterials.Skin, center);
            }
        }
    }

    private (double E, VertexTag Tag, double Bulge) BandRow(int column, bool upper, int k, double gap)
    {
        var rows = upper ? UpperBandRows : LowerBandRows;
        var s = MouthS(column);
        double offset;
        if (IsMouthColumn(column))
        {
            offset = k * (upper ? UpperLipHeightAt(s) : LowerLipHeightAt(s)) / rows;
        }
        else
        {
            // Beyond the corners the band rows fan out evenly towards the first regular row.
            var blend = Ramp(Math.Abs(azimuths[column]), cornerAzimuth, cornerAzimuth + 0.3);
            offset = Lerp(k * MinLipHeight / rows, k * gap / (rows + 1), blend);
        }

        var y = upper ? MouthY + offset : MouthY - offset;
        var e = skin.MidlineElevation(y);
        if (!IsMouthColumn(column))
        {
            return (e, new VertexTag(VertexRole.Skin, S: s, Below: !upper), 0);
        }

        var t = (double)k / rows;
        return (e, new VertexTag(upper ? VertexRole.UpperLip : VertexRole.LowerLip, S: s, T: t, Below: !upper), LipBulge(upper, t, s));
    }

    private RgbColor SkinTint(Vec3 p)
    {
        var ax = Math.Abs(p.X);
        var blush = 0.8 * Gauss((ax - 0.42) / 0.15, (p.Y + 0.1) / 0.15);
        var socket = Gauss((ax - skin.EyeX) / 0.14, (p.Y - SkinSurface.EyeY) / 0.1);
        var nostril = Gauss((ax - (0.045 * identity.NoseWidth)) / 0.025, (p.Y - (skin.SubnasaleY + 0.008)) / 0.012) * Ramp(p.Z, 1.0, 1.06);
        var corner = Gauss((ax - cornerX) / 0.03, (p.Y - MouthY) / 0.03);
        var shade = (1 - (0.1 * socket)) * (1 - (0.45 * nostril)) * (1 - (0.15 * corner));
        return new RgbColor((float)(shade * (1 + (0.03 * blush))), (float)(shade * (1 - (0.05 * blush))), (float)(shade * (1 - (0.04 * blush))));
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
