namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// Slow, obvious float64 twin of <see cref="Research.Splatting.Rasterization.GaussianCompositor"/>: every pixel loops
/// over all non-culled Gaussians whose 3DGS tile rectangle covers the pixel's tile, sorted by (depth, index), with
/// the renderCUDA rules; the backward uses the closed-form derivatives (O(K²) per pixel, no recurrences).
/// Reusable: chain it after a float64 projection for an end-to-end reference renderer.
/// </summary>
internal static class ReferenceCompositor
{
    private const int Tile = 16;

    /// <summary>Renders; <paramref name="background"/> is 3 values or a planar [3,H,W] image.</summary>
    public static ReferenceRaster Forward(ReferenceProjected g, int width, int height, double[] background)
    {
        var pixels = width * height;
        var color = new double[3 * pixels];
        var alpha = new double[pixels];
        var depth = new double[pixels];
        var finalT = new double[pixels];
        var count = new int[pixels];
        var lists = TileLists(g, width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pix = (y * width) + x;
                var list = lists[((y / Tile) * GridX(width)) + (x / Tile)];
                var contributors = Composite(g, list, x, y);
                count[pix] = contributors.Count == 0 ? 0 : list.IndexOf(contributors[^1].Index) + 1;
                var t = 1.0;
                double r = 0, gr = 0, b = 0, d = 0;
                foreach (var k in contributors)
                {
                    var w = k.Alpha * t;
                    r += g.Colors[3 * k.Index] * w;
                    gr += g.Colors[(3 * k.Index) + 1] * w;
                    b += g.Colors[(3 * k.Index) + 2] * w;
                    d += g.Depth[k.Index] * w;
                    t *= 1 - k.Alpha;
                }

                color[pix] = r + (t * Background(background, 0, pix, pixels));
                color[pixels + pix] = gr + (t * Background(background, 1, pix, pixels));
                color[(2 * pixels) + pix] = b + (t * Background(background, 2, pix, pixels));
                alpha[pix] = 1 - t;
                depth[pix] = d;
                finalT[pix] = t;
            }
        }

        return new ReferenceRaster(width, height, color, alpha, depth, finalT, count);
    }

    /// <summary>Gradients of L = Σ gradColor·colour + Σ gradAlpha·alpha + Σ gradDepth·depth (null = zero).</summary>
    public static ReferenceGradient Backward(
        ReferenceProjected g, int width, int height, double[] background, double[]? gradColor, double[]? gradAlpha, double[]? gradDepth)
    {
        var pixels = width * height;
        var grad = new ReferenceGradient(g.Count, background.Length);
        var o = grad.Gaussians;
        var lists = TileLists(g, width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pix = (y * width) + x;
                var ks = Composite(g, lists[((y / Tile) * GridX(width)) + (x / Tile)], x, y);
                var dc = new double[3];
                for (var c = 0; c < 3; c++)
                {
                    dc[c] = gradColor?[(c * pixels) + pix] ?? 0;
                }

                var da = gradAlpha?[pix] ?? 0;
                var dd = gradDepth?[pix] ?? 0;
                var tk = new double[ks.Count];
                var t = 1.0;
                for (var k = 0; k < ks.Count; k++)
                {
                    tk[k] = t;
                    t *= 1 - ks[k].Alpha;
                }

                var tFinal = t;
                for (var c = 0; c < 3; c++)
                {
                    var gb = tFinal * dc[c];
                    if (background.Length == 3)
                    {
                        grad.Background[c] += gb;
                    }
                    else
                    {
                        grad.Background[(c * pixels) + pix] += gb;
                    }
                }

                for (var k = 0; k < ks.Count; k++)
                {
                    var i = ks[k].Index;
                    var a = ks[k].Alpha;
                    var w = a * tk[k];

                    // ∂/∂α_k of Σ_j v_j α_j T_j + T_final·bg, with T_j (j > k) and T_final proportional to (1 − α_k).
                    var dLda = 0.0;
                    for (var c = 0; c < 3; c++)
                    {
                        var later = 0.0;
                        for (var j = k + 1; j < ks.Count; j++)
                        {
                            later += g.Colors[(3 * ks[j].Index) + c] * ks[j].Alpha * tk[j];
                        }

                        var bg = Background(background, c, pix, pixels);
                        dLda += dc[c] * ((g.Colors[(3 * i) + c] * tk[k]) - ((later + (tFinal * bg)) / (1 - a)));
                        o.Colors[(3 * i) + c] += w * dc[c];
                    }

                    var laterDepth = 0.0;
                    for (var j = k + 1; j < ks.Count; j++)
                    {
                        laterDepth += g.Depth[ks[j].Index] * ks[j].Alpha * tk[j];
                    }

                    dLda += dd * ((g.Depth[i] * tk[k]) - (laterDepth / (1 - a)));
                    dLda += da * tFinal / (1 - a);
                    o.Depth[i] += w * dd;

                    // α = o·G straight through the 0.99 clamp; G = exp(power).
                    var gauss = ks[k].Gauss;
                    o.Opacity[i] += gauss * dLda;
                    var dPower = g.Opacity[i] * gauss * dLda;
                    var dx = g.MeanX[i] - x;
                    var dy = g.MeanY[i] - y;
                    o.MeanX[i] += dPower * ((-g.ConicA[i] * dx) - (g.ConicB[i] * dy));
                    o.MeanY[i] += dPower * ((-g.ConicC[i] * dy) - (g.ConicB[i] * dx));
                    o.ConicA[i] += dPower * -0.5 * dx * dx;
                    o.ConicB[i] += dPower * -dx * dy;
                    o.ConicC[i] += dPower * -0.5 * dy * dy;
                }
            }
        }

        return grad;
    }

    /// <summary>3DGS getRect in tiles: [x0, x1) × [y0, y1).</summary>
    public static (int X0, int Y0, int X1, int Y1) Rect(double mx, double my, int radius, int gridX, int gridY) =>
        (Math.Min(gridX, Math.Max(0, (int)((mx - radius) / Tile))),
         Math.Min(gridY, Math.Max(0, (int)((my - radius) / Tile))),
         Math.Min(gridX, Math.Max(0, (int)((mx + radius + Tile - 1) / Tile))),
         Math.Min(gridY, Math.Max(0, (int)((my + radius + Tile - 1) / Tile))));

    private static int GridX(int width) => (width + Tile - 1) / Tile;

    private static double Background(double[] background, int channel, int pix, int pixels) =>
        background.Length == 3 ? background[channel] : background[(channel * pixels) + pix];

    // Per tile: covering Gaussians sorted by (depth, index).
    private static List<int>[] TileLists(ReferenceProjected g, int width, int height)
    {
        int gx = GridX(width), gy = (height + Tile - 1) / Tile;
        var lists = new List<int>[gx * gy];
        for (var t = 0; t < lists.Length; t++)
        {
            lists[t] = [];
        }

        var sorted = Enumerable.Range(0, g.Count).Where(i => g.Radii[i] > 0)
            .OrderBy(i => g.Depth[i]).ThenBy(i => i).ToList();
        foreach (var i in sorted)
        {
            var (x0, y0, x1, y1) = Rect(g.MeanX[i], g.MeanY[i], g.Radii[i], gx, gy);
            for (var ty = y0; ty < y1; ty++)
            {
                for (var tx = x0; tx < x1; tx++)
                {
                    lists[(ty * gx) + tx].Add(i);
                }
            }
        }

        return lists;
    }

    private static List<(int Index, double Alpha, double Gauss)> Composite(ReferenceProjected g, List<int> list, int x, int y)
    {
        var result = new List<(int, double, double)>();
        var t = 1.0;
        foreach (var i in list)
        {
            var dx = g.MeanX[i] - x;
            var dy = g.MeanY[i] - y;
            var power = (-0.5 * ((g.ConicA[i] * dx * dx) + (g.ConicC[i] * dy * dy))) - (g.ConicB[i] * dx * dy);
            if (power > 0)
            {
                continue;
            }

            var gauss = Math.Exp(power);
            var a = Math.Min(0.99, g.Opacity[i] * gauss);
            if (a < 1.0 / 255.0)
            {
                continue;
            }

            var testT = t * (1 - a);
            if (testT < 0.0001)
            {
                break;
            }

            result.Add((i, a, gauss));
            t = testT;
        }

        return result;
    }
}
