namespace Research.Datasets.Synthetic.Head;

/// <summary>The 68 iBUG landmarks as vertices of the mesh.</summary>
internal sealed partial class HeadBuilder
{
    // Jaw line from the right ear (image left) to the chin: azimuth in degrees and height at ChinY = −0.87.
    private static readonly (double A, double Y)[] JawTargets =
    [
        (-82, 0.12), (-81, -0.06), (-78, -0.24), (-73, -0.41), (-65, -0.56), (-54, -0.69), (-40, -0.79), (-22, -0.855), (0, -0.885),
    ];

    private int[] PickLandmarks()
    {
        var landmarks = new int[68];
        for (var i = 0; i <= 16; i++)
        {
            var target = JawTargets[i <= 8 ? i : 16 - i];
            var a = (i <= 8 ? 1 : -1) * target.A * Math.PI / 180;
            var chinShift = (skin.ChinY + 0.87) * (1 - (Math.Abs(target.A) / 82));
            landmarks[i] = NearestSkin(a, target.Y + chinShift);
        }

        int[] browSamples = [10, 8, 5, 2, 0];
        for (var k = 0; k < 5; k++)
        {
            landmarks[17 + k] = browCenters[0][browSamples[k]];
            landmarks[22 + k] = browCenters[1][browSamples[4 - k]];
        }

        var nasion = SkinSurface.NasionY - 0.04;
        landmarks[27] = NearestOnMidline(nasion);
        landmarks[28] = NearestOnMidline(nasion + ((skin.NoseTipY - nasion) / 3));
        landmarks[29] = NearestOnMidline(nasion + ((skin.NoseTipY - nasion) * 2 / 3));
        landmarks[30] = NoseTip();
        double[] nostrils = [-0.1, -0.05, 0, 0.05, 0.1];
        for (var k = 0; k < 5; k++)
        {
            landmarks[31 + k] = NearestFront(nostrils[k] * identity.NoseWidth, skin.SubnasaleY + 0.015);
        }

        // Eye columns: corners at ±66°, lid points at ±22° (see LidColumns).
        const int OuterMinus = 1, LidMinus = 5, LidPlus = 9, OuterPlus = 13;
        landmarks[36] = lowerLidEdges[0][OuterMinus];
        landmarks[37] = upperLidEdges[0][LidMinus];
        landmarks[38] = upperLidEdges[0][LidPlus];
        landmarks[39] = lowerLidEdges[0][OuterPlus];
        landmarks[40] = lowerLidEdges[0][LidPlus];
        landmarks[41] = lowerLidEdges[0][LidMinus];
        landmarks[42] = lowerLidEdges[1][OuterMinus];
        landmarks[43] = upperLidEdges[1][LidMinus];
        landmarks[44] = upperLidEdges[1][LidPlus];
        landmarks[45] = lowerLidEdges[1][OuterPlus];
        landmarks[46] = lowerLidEdges[1][LidPlus];
        landmarks[47] = lowerLidEdges[1][LidMinus];

        var f = FrontColumn;
        var upperBorder = grid[slitRow + UpperBandRows];
        var lowerBorder = grid[slitRow - LowerBandRows];
        var slit = grid[slitRow];
        landmarks[48] = slit[f - CornerColumns];
        landmarks[49] = upperBorder[f - 4];
        landmarks[50] = upperBorder[f - 2];
        landmarks[51] = upperBorder[f];
        landmarks[52] = upperBorder[f + 2];
        landmarks[53] = upperBorder[f + 4];
        landmarks[54] = slit[f + CornerColumns];
        landmarks[55] = lowerBorder[f + 4];
        landmarks[56] = lowerBorder[f + 2];
        landmarks[57] = lowerBorder[f];
        landmarks[58] = lowerBorder[f - 2];
        landmarks[59] = lowerBorder[f - 4];
        landmarks[60] = slit[f - CornerColumns + 1];
        landmarks[61] = slit[f - 2];
        landmarks[62] = slit[f];
        landmarks[63] = slit[f + 2];
        landmarks[64] = slit[f + CornerColumns - 1];
        landmarks[65] = slitLower[f + 2];
        landmarks[66] = slitLower[f];
        landmarks[67] = slitLower[f - 2];
        return landmarks;
    }

    private int NearestSkin(double azimuth, double y)
    {
        var best = -1;
        var bestDistance = double.MaxValue;
        for (var r = 0; r < grid.Count; r++)
        {
            for (var j = 0; j < Columns; j++)
            {
                var v = grid[r][j];
                if (mesh.Tags[v].Role != VertexRole.Skin)
                {
                    continue;
                }

                var distance = (0.8 * Math.Abs(azimuths[j] - azimuth)) + Math.Abs(mesh.Positions[v].Y - y);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = v;
                }
            }
        }

        return best;
    }

    private int NearestOnMidline(double y)
    {
        var best = -1;
        var bestDistance = double.MaxValue;
        foreach (var row in grid)
        {
            var v = row[FrontColumn];
            var distance = Math.Abs(mesh.Positions[v].Y - y);
            if (mesh.Tags[v].Role == VertexRole.Skin && mesh.Positions[v].Z > 0.5 && distance < bestDistance)
            {
                bestDistance = distance;
                best = v;
            }
        }

        return best;
    }

    private int NoseTip()
    {
        var best = -1;
        foreach (var row in grid)
        {
            var v = row[FrontColumn];
            if (mesh.Tags[v].Role == VertexRole.Skin && (best < 0 || mesh.Positions[v].Z > mesh.Positions[best].Z))
            {
                best = v;
            }
        }

        return best;
    }

    private int NearestFront(double x, double y)
    {
        var best = -1;
        var bestDistance = double.MaxValue;
        foreach (var row in grid)
        {
            foreach (var v in row)
            {
                var p = mesh.Positions[v];
                if (mesh.Tags[v].Role != VertexRole.Skin || p.Z < 0.5)
                {
                    continue;
                }

                var distance = Math.Abs(p.X - x) + Math.Abs(p.Y - y);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = v;
                }
            }
        }

        return best;
    }

    private RigGeometry RigGeometry() => new(
        JawHinge: new Vec3(0, 0.05, -0.25),
        MouthY: MouthY,
        CornerX: mesh.Positions[grid[slitRow][FrontColumn + CornerColumns]].X,
        ChinY: skin.ChinY,
        SubnasaleY: skin.SubnasaleY,
        EyeCenters: eyeCenters,
        BlinkAngle: BlinkAngle);
}
