using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Splatting.Rasterization;

/// <summary>
/// Tile binning and front-to-back alpha compositing of projected Gaussians (3DGS renderCUDA, ashawkey
/// diff-gaussian-rasterization with depth and alpha outputs), forward and hand-written backward, float32.
/// The object is also the workspace: buffers grow as needed and are reused, and the forward state (outputs, final
/// transmittance, contributor counts, binning) stays until the next <see cref="Forward"/> for <see cref="Backward"/>.
/// Deterministic: each tile is composited by one worker, each (tile, Gaussian) instance owns its gradient slot
/// (Gaussian-major layout), and instance gradients are summed per Gaussian in ascending tile order, so results do not
/// depend on the thread count.
/// </summary>
public sealed class GaussianCompositor
{
    /// <summary>Tile side in pixels.</summary>
    public const int TileSize = TileBinning.TileSize;

    /// <summary>α is clamped to at most this value (straight-through in the backward pass).</summary>
    public const float MaxAlpha = 0.99f;

    /// <summary>Gaussians with α below this value are skipped.</summary>
    public const float MinAlpha = 1f / 255f;

    /// <summary>A pixel stops when its transmittance would fall below this value (that Gaussian is not added).</summary>
    public const float MinTransmittance = 0.0001f;

    private const int GradientStride = 10;

    private readonly TileBinning binning = new();
    private TileInstance[] instances = [];
    private float[] instanceGradients = [];
    private TileInstance[] packed = [];
    private float[] tileBackground = [];
    private ProjectedGaussians? gaussians;
    private float[] background = [];

    /// <summary>Image width of the last forward pass.</summary>
    public int Width { get; private set; }

    /// <summary>Image height of the last forward pass.</summary>
    public int Height { get; private set; }

    /// <summary>Composited colour C + T_final·background, planar [3, H, W].</summary>
    public float[] Color { get; private set; } = [];

    /// <summary>Accumulated opacity 1 − T_final, [H, W].</summary>
    public float[] Alpha { get; private set; } = [];

    /// <summary>Unnormalised depth Σ depth·α·T, [H, W].</summary>
    public float[] Depth { get; private set; } = [];

    /// <summary>Transmittance after the last contributor, [H, W] (backward state).</summary>
    public float[] FinalTransmittance { get; private set; } = [];

    /// <summary>Per pixel, 1 + the tile-list position of the last Gaussian added (0: none), [H, W] (backward state).</summary>
    public int[] ContributorCount { get; private set; } = [];

    /// <summary>Number of (tile, Gaussian) instances of the last forward pass.</summary>
    public int InstanceCount => binning.InstanceCount;

    /// <summary>
    /// Composites <paramref name="projected"/> into a <paramref name="width"/>×<paramref name="height"/> image over
    /// <paramref name="backgroundColor"/>: 3 values (one RGB colour) or 3·H·W values (planar per-pixel image). Results
    /// are in <see cref="Color"/>, <see cref="Alpha"/> and <see cref="Depth"/> (overwritten by the next call). The
    /// Gaussians and background are referenced (not copied) until <see cref="Backward"/>; do not modify them between.
    /// </summary>
    public void Forward(ProjectedGaussians projected, int width, int height, float[] backgroundColor)
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(backgroundColor);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"GaussianCompositor: width {width} and height {height} must be positive.", nameof(width));
        }

        var pixels = width * height;
        if (backgroundColor.Length != 3 && backgroundColor.Length != 3 * pixels)
        {
            throw new ArgumentException(
                $"GaussianCompositor: background has {backgroundColor.Length} values; expected 3 (RGB) or 3·H·W = {3 * pixels}.",
                nameof(backgroundColor));
        }

        gaussians = projected;
        background = backgroundColor;
        Width = width;
        Height = height;
        if (Alpha.Length != pixels)
        {
            Color = new float[3 * pixels];
            Alpha = new float[pixels];
            Depth = new float[pixels];
            FinalTransmittance = new float[pixels];
            ContributorCount = new int[pixels];
        }

        PackGaussians(projected);
        binning.Bin(projected, width, height);
        TileBinning.Grow(ref instances, binning.InstanceCount);
        var tiles = binning.GridX * binning.GridY;
        ComputeThreads.For(tiles, 1, (_, start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                ForwardTile(t);
            }
        });
    }

    /// <summary>
    /// Back-propagates ∂L/∂colour (planar [3,H,W]), ∂L/∂alpha and ∂L/∂depth ([H,W]; any may be null = zero) through the
    /// last <see cref="Forward"/>. Overwrites <paramref name="gradient"/> with ∂L/∂ of every projected field and
    /// <paramref name="gradBackground"/> (same length as the forward background) with ∂L/∂background.
    /// </summary>
    public void Backward(float[]? gradColor, float[]? gradAlpha, float[]? gradDepth, ProjectedGaussiansGradient gradient, float[] gradBackground)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(gradBackground);
        var g = gaussians ?? throw new InvalidOperationException("GaussianCompositor: Backward called before Forward.");
        var pixels = Width * Height;
        CheckLength(gradColor, 3 * pixels, nameof(gradColor));
        CheckLength(gradAlpha, pixels, nameof(gradAlpha));
        CheckLength(gradDepth, pixels, nameof(gradDepth));
        if (gradient.Count != g.Count)
        {
            throw new ArgumentException($"GaussianCompositor: gradient has {gradient.Count} Gaussians, forward had {g.Count}.", nameof(gradient));
        }

        if (gradBackground.Length != background.Length)
        {
            throw new ArgumentException(
                $"GaussianCompositor: gradBackground has {gradBackground.Length} values, background has {background.Length}.", nameof(gradBackground));
        }

        var tiles = binning.GridX * binning.GridY;
        TileBinning.Grow(ref instanceGradients, GradientStride * binning.InstanceCount);
        TileBinning.Grow(ref tileBackground, 3 * tiles);
        ComputeThreads.For(tiles, 1, (_, start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                BackwardTile(t, gradColor, gradAlpha, gradDepth, gradBackground);
            }
        });

        if (background.Length == 3)
        {
            // Uniform background: per-tile partial sums added in tile order (thread-count independent).
            float r = 0, gr = 0, b = 0;
            for (var t = 0; t < tiles; t++)
            {
                r += tileBackground[3 * t];
                gr += tileBackground[(3 * t) + 1];
                b += tileBackground[(3 * t) + 2];
            }

            gradBackground[0] = r;
            gradBackground[1] = gr;
            gradBackground[2] = b;
        }

        ReduceGradients(gradient);
    }

    private static void CheckLength(float[]? array, int expected, string name)
    {
        if (array != null && array.Length != expected)
        {
            throw new ArgumentException($"GaussianCompositor: {name} has {array.Length} values, expected {expected}.", name);
        }
    }

    // Packs each Gaussian's fields into one struct (so the per-tile gather reads one cache line, not ten arrays) with
    // conservative bands: for |dy| > e, max over dx of power is −½dy²·det/A < −ln(255·o), so α < 1/255 (likewise for
    // |dx| with C); widened by 0.1 % + 0.01 px for rounding.
    private void PackGaussians(ProjectedGaussians g)
    {
        var n = g.Count;
        TileBinning.Grow(ref packed, n);
        var dst = packed;
        ComputeThreads.For(n, 4096, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                if (g.Radii[i] <= 0)
                {
                    continue;
                }

                ref var s = ref dst[i];
                s.MeanX = g.MeanX[i];
                s.MeanY = g.MeanY[i];
                s.ConicA = g.ConicA[i];
                s.ConicB = g.ConicB[i];
                s.ConicC = g.ConicC[i];
                s.Opacity = g.Opacity[i];
                s.Red = g.Colors[3 * i];
                s.Green = g.Colors[(3 * i) + 1];
                s.Blue = g.Colors[(3 * i) + 2];
                s.Depth = g.Depth[i];
                double a = g.ConicA[i], b = g.ConicB[i], c = g.ConicC[i];
                var det = (a * c) - (b * b);
                var l = Math.Log(255.0 * g.Opacity[i]);

                // α = o·G ≥ 1/255 needs power ≥ −ln(255·o); the margin covers float rounding. NaN opacity: no cut.
                s.PowerCut = double.IsNaN(l) ? float.NegativeInfinity : (float)(-l - 1e-3);
                if (a > 0 && det > 0)
                {
                    var e = l > 0 ? Math.Sqrt(2 * l * a / det) : 0;
                    e = (e * 1.001) + 0.01;
                    s.YLow = (float)(g.MeanY[i] - e);
                    s.YHigh = (float)(g.MeanY[i] + e);
                    var ex = l > 0 ? Math.Sqrt(2 * l * c / det) : 0;
                    ex = (ex * 1.001) + 0.01;
                    s.XLow = (float)(g.MeanX[i] - ex);
                    s.XHigh = (float)(g.MeanX[i] + ex);
                }
                else
                {
                    s.YLow = s.XLow = float.NegativeInfinity;
                    s.YHigh = s.XHigh = float.PositiveInfinity;
                }
            }
        });
    }

    private void ReduceGradients(ProjectedGaussiansGradient gradient)
    {
        var starts = binning.GaussianStart;
        var slots = instanceGradients;
        var g = gaussians!;
        ComputeThreads.For(gradient.Count, 2048, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                float mx = 0, my = 0, a = 0, b = 0, c = 0, o = 0, r = 0, gr = 0, bl = 0, d = 0;
                for (var k = starts[i]; k < starts[i + 1]; k++)
                {
                    var s = GradientStride * k;
                    mx += slots[s];
                    my += slots[s + 1];
                    a += slots[s + 2];
                    b += slots[s + 3];
                    c += slots[s + 4];
                    o += slots[s + 5];
                    r += slots[s + 6];
                    gr += slots[s + 7];
                    bl += slots[s + 8];
                    d += slots[s + 9];
                }

                // Mean terms: Σ P·(−A dx − B dy) etc., from the accumulated moments (slots 0..4 are ΣPdx, ΣPdy,
                // ΣPdx², ΣPdxdy, ΣPdy²).
                float ca = g.ConicA[i], cb = g.ConicB[i], cc = g.ConicC[i];
                gradient.MeanX[i] = (-ca * mx) - (cb * my);
                gradient.MeanY[i] = (-cc * my) - (cb * mx);
                gradient.ConicA[i] = -0.5f * a;
                gradient.ConicB[i] = -b;
                gradient.ConicC[i] = -0.5f * c;
                gradient.Opacity[i] = o;
                gradient.Colors[3 * i] = r;
                gradient.Colors[(3 * i) + 1] = gr;
                gradient.Colors[(3 * i) + 2] = bl;
                gradient.Depth[i] = d;
            }
        });
    }

    private void FillInstances(int start, int end)
    {
        var ig = binning.InstanceGaussian;
        for (var p = start; p < end; p++)
        {
            instances[p] = packed[ig[p]];
        }
    }

    // Rows [first, last] (tile-local) of the Gaussian's band; empty when first > last.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Last) RowRange(in TileInstance s, int y0, int rows)
    {
        var first = (int)Math.Clamp(MathF.Ceiling(s.YLow - y0), 0f, 16f);
        var last = (int)Math.Clamp(MathF.Floor(s.YHigh - y0), -1f, rows - 1);
        return (first, last);
    }

    // Power of one Gaussian over 16 pixels of one row (shared by forward and backward so both take identical skip
    // decisions).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Power(in TileInstance s, Vector512<float> px, float dy, out Vector512<float> dx)
    {
        dx = Vector512.Create(s.MeanX) - px;
        var half = Vector512.Create(-0.5f * s.ConicA);
        var lin = Vector512.Create(-s.ConicB * dy);
        var cst = Vector512.Create(-0.5f * s.ConicC * dy * dy);
        return Vector512.FusedMultiplyAdd(dx, Vector512.FusedMultiplyAdd(half, dx, lin), cst);
    }

    // min(a, b) without .NET's NaN/−0 fix-ups (vminps; NaN lanes are rejected later by the comparisons anyway).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Min(Vector512<float> a, Vector512<float> b) =>
        Avx512F.IsSupported ? Avx512F.Min(a, b) : Vector512.Min(a, b);

    // exp for x ≤ 0 (~2e-7 relative): x = k·ln2 + r, |r| ≤ ln2/2, degree-7 Taylor for e^r, 2^k via the exponent
    // bits. x is clamped at −87 (α ≪ 1/255 there anyway) so no denormals appear: they are very slow.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Max(x, Vector512.Create(-87f));
        var k = Vector512.Round(x * Vector512.Create(1.44269504f));
        var r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-0.693145752f), x);
        r = Vector512.FusedMultiplyAdd(k, Vector512.Create(-1.42860677e-6f), r);
        var p = Vector512.Create(1f / 5040f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        var ki = Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32(k) : Vector512.ConvertToInt32(k);
        var scale = Vector512.ShiftLeft(ki + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    [SkipLocalsInit]
    private void ForwardTile(int tile)
    {
        var gridX = binning.GridX;
        var x0 = tile % gridX * TileSize;
        var y0 = tile / gridX * TileSize;
        var rows = Math.Min(TileSize, Height - y0);
        var lanes = Math.Min(TileSize, Width - x0);
        var start = binning.TileStart[tile];
        var end = binning.TileStart[tile + 1];
        FillInstances(start, end);

        Span<Vector512<float>> tr = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> cr = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> cg = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> cb = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> dp = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> active = stackalloc Vector512<float>[TileSize];
        Span<Vector512<int>> lastc = stackalloc Vector512<int>[TileSize];
        var laneMask = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)lanes));
        var liveRows = 0u;
        for (var r = 0; r < rows; r++)
        {
            tr[r] = Vector512<float>.One;
            cr[r] = cg[r] = cb[r] = dp[r] = Vector512<float>.Zero;
            active[r] = laneMask;
            lastc[r] = Vector512<int>.Zero;
            liveRows |= 1u << r;
        }

        var px = Vector512<float>.Indices + Vector512.Create((float)x0);
        var minAlpha = Vector512.Create(MinAlpha);
        var maxAlpha = Vector512.Create(MaxAlpha);
        var minT = Vector512.Create(MinTransmittance);
        for (var p = start; p < end && liveRows != 0; p++)
        {
            ref readonly var s = ref instances[p];
            if (!(s.XHigh >= x0 && s.XLow <= x0 + TileSize - 1))
            {
                continue; // the α ≥ 1/255 region misses this tile's columns
            }

            var (first, last) = RowRange(s, y0, rows);
            var rank = Vector512.Create(p - start + 1);
            var cutV = Vector512.Create(s.PowerCut);
            var opacity = Vector512.Create(s.Opacity);
            for (var r = first; r <= last; r++)
            {
                if ((liveRows & (1u << r)) == 0)
                {
                    continue;
                }

                var power = Power(s, px, s.MeanY - (y0 + r), out _);
                if (!Vector512.GreaterThanOrEqualAny(power, cutV))
                {
                    continue;
                }

                var alpha = Min(maxAlpha, opacity * Exp(power));
                var valid = active[r] & Vector512.LessThanOrEqual(power, Vector512<float>.Zero) & Vector512.GreaterThanOrEqual(alpha, minAlpha);
                if (valid == Vector512<float>.Zero)
                {
                    continue;
                }

                var t = tr[r];
                var testT = t * (Vector512<float>.One - alpha);
                var finish = valid & Vector512.LessThan(testT, minT);
                var add = Vector512.AndNot(valid, finish);
                var w = add & (alpha * t);
                cr[r] = Vector512.FusedMultiplyAdd(w, Vector512.Create(s.Red), cr[r]);
                cg[r] = Vector512.FusedMultiplyAdd(w, Vector512.Create(s.Green), cg[r]);
                cb[r] = Vector512.FusedMultiplyAdd(w, Vector512.Create(s.Blue), cb[r]);
                dp[r] = Vector512.FusedMultiplyAdd(w, Vector512.Create(s.Depth), dp[r]);
                tr[r] = Vector512.ConditionalSelect(add, testT, t);
                lastc[r] = Vector512.ConditionalSelect(add.AsInt32(), rank, lastc[r]);
                if (finish != Vector512<float>.Zero)
                {
                    var act = Vector512.AndNot(active[r], finish);
                    active[r] = act;
                    if (act == Vector512<float>.Zero)
                    {
                        liveRows &= ~(1u << r);
                    }
                }
            }
        }

        var pixels = Width * Height;
        var uniform = background.Length == 3;
        for (var r = 0; r < rows; r++)
        {
            var row = ((y0 + r) * Width) + x0;
            var t = tr[r];
            for (var ch = 0; ch < 3; ch++)
            {
                var c = ch == 0 ? cr[r] : ch == 1 ? cg[r] : cb[r];
                var bg = uniform ? Vector512.Create(background[ch]) : Load(background, (ch * pixels) + row, lanes);
                Store(Vector512.FusedMultiplyAdd(t, bg, c), Color, (ch * pixels) + row, lanes);
            }

            Store(Vector512<float>.One - t, Alpha, row, lanes);
            Store(dp[r], Depth, row, lanes);
            Store(t, FinalTransmittance, row, lanes);
            var lc = lastc[r];
            if (lanes == Vector512<int>.Count)
            {
                lc.CopyTo(ContributorCount.AsSpan(row, lanes));
            }
            else
            {
                for (var l = 0; l < lanes; l++)
                {
                    ContributorCount[row + l] = lc.GetElement(l);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float[]? array, int offset, int lanes)
    {
        if (array == null)
        {
            return Vector512<float>.Zero;
        }

        return lanes == Vector512<float>.Count ? Vector512.Create<float>(array.AsSpan(offset, lanes)) : LoadPartial(array, offset, lanes);
    }

    // Partial tiles at the right image edge (kept out of line so the full-tile path inlines).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector512<float> LoadPartial(float[] array, int offset, int lanes)
    {
        Span<float> tmp = stackalloc float[Vector512<float>.Count];
        tmp.Clear();
        array.AsSpan(offset, lanes).CopyTo(tmp);
        return Vector512.Create<float>(tmp);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> value, float[] array, int offset, int lanes)
    {
        if (lanes == Vector512<float>.Count)
        {
            value.CopyTo(array.AsSpan(offset, lanes));
        }
        else
        {
            StorePartial(value, array, offset, lanes);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StorePartial(Vector512<float> value, float[] array, int offset, int lanes)
    {
        Span<float> tmp = stackalloc float[Vector512<float>.Count];
        value.CopyTo(tmp);
        tmp[..lanes].CopyTo(array.AsSpan(offset, lanes));
    }

    [SkipLocalsInit]
    private void BackwardTile(int tile, float[]? gradColor, float[]? gradAlpha, float[]? gradDepth, float[] gradBackground)
    {
        var gridX = binning.GridX;
        var x0 = tile % gridX * TileSize;
        var y0 = tile / gridX * TileSize;
        var rows = Math.Min(TileSize, Height - y0);
        var lanes = Math.Min(TileSize, Width - x0);
        var start = binning.TileStart[tile];
        var end = binning.TileStart[tile + 1];
        var pixels = Width * Height;
        var uniform = background.Length == 3;

        Span<Vector512<float>> tr = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> sr = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> sg = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> sb = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> sd = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> gr = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> gg = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> gb = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> gd = stackalloc Vector512<float>[TileSize];
        Span<Vector512<float>> kk = stackalloc Vector512<float>[TileSize];
        Span<Vector512<int>> lastc = stackalloc Vector512<int>[TileSize];
        Span<int> rowMax = stackalloc int[TileSize];
        Span<int> tmpInt = stackalloc int[Vector512<int>.Count];
        var tileMax = 0;
        var anyGradient = Vector512<float>.Zero;
        Vector512<float> bgSumR = default, bgSumG = default, bgSumB = default;
        for (var r = 0; r < rows; r++)
        {
            var row = ((y0 + r) * Width) + x0;
            var t = Load(FinalTransmittance, row, lanes);
            tr[r] = t;
            sr[r] = sg[r] = sb[r] = sd[r] = Vector512<float>.Zero;
            var dR = Load(gradColor, row, lanes);
            var dG = Load(gradColor, pixels + row, lanes);
            var dB = Load(gradColor, (2 * pixels) + row, lanes);
            gr[r] = dR;
            gg[r] = dG;
            gb[r] = dB;
            gd[r] = Load(gradDepth, row, lanes);
            Vector512<float> bgR, bgG, bgB;
            if (uniform)
            {
                bgR = Vector512.Create(background[0]);
                bgG = Vector512.Create(background[1]);
                bgB = Vector512.Create(background[2]);
                bgSumR += t * dR;
                bgSumG += t * dG;
                bgSumB += t * dB;
            }
            else
            {
                bgR = Load(background, row, lanes);
                bgG = Load(background, pixels + row, lanes);
                bgB = Load(background, (2 * pixels) + row, lanes);
                Store(t * dR, gradBackground, row, lanes);
                Store(t * dG, gradBackground, pixels + row, lanes);
                Store(t * dB, gradBackground, (2 * pixels) + row, lanes);
            }

            // ∂(1 − T_final)/∂α_k and ∂(T_final·bg)/∂α_k are both T_final/(1 − α_k) times a per-pixel factor.
            var bgDot = (bgR * dR) + (bgG * dG) + (bgB * dB);
            kk[r] = t * (Load(gradAlpha, row, lanes) - bgDot);

            // Lanes where any incoming gradient is non-zero (NaN counts as non-zero, so it still propagates).
            var zero = Vector512<float>.Zero;
            anyGradient |= ~(Vector512.Equals(dR, zero) & Vector512.Equals(dG, zero) & Vector512.Equals(dB, zero)
                & Vector512.Equals(gd[r], zero) & Vector512.Equals(kk[r], zero));
            Vector512<int> lc;
            if (lanes == Vector512<int>.Count)
            {
                lc = Vector512.Create<int>(ContributorCount.AsSpan(row, lanes));
            }
            else
            {
                tmpInt.Clear();
                ContributorCount.AsSpan(row, lanes).CopyTo(tmpInt);
                lc = Vector512.Create<int>(tmpInt);
            }
            lastc[r] = lc;
            rowMax[r] = MaxLane(lc);
            tileMax = Math.Max(tileMax, rowMax[r]);
        }

        for (var r = rows; r < TileSize; r++)
        {
            rowMax[r] = 0;
        }

        if (uniform)
        {
            tileBackground[3 * tile] = Vector512.Sum(bgSumR);
            tileBackground[(3 * tile) + 1] = Vector512.Sum(bgSumG);
            tileBackground[(3 * tile) + 2] = Vector512.Sum(bgSumB);
        }

        var slots = instanceGradients;
        var slotOf = binning.InstanceSlot;
        if (anyGradient == Vector512<float>.Zero)
        {
            // No gradient reaches this tile (e.g. a loss on a sub-region): every per-instance term is ±0, so the walk
            // is skipped and the slots are zeroed (the values equal the full walk's up to the sign of zero).
            tileMax = 0;
        }

        for (var p = start + tileMax; p < end; p++)
        {
            slots.AsSpan(GradientStride * slotOf[p], GradientStride).Clear();
        }

        var px = Vector512<float>.Indices + Vector512.Create((float)x0);
        var minAlpha = Vector512.Create(MinAlpha);
        var maxAlpha = Vector512.Create(MaxAlpha);
        var one = Vector512<float>.One;
        for (var p = start + tileMax - 1; p >= start; p--)
        {
            ref readonly var s = ref instances[p];
            var local = p - start;
            var o = GradientStride * slotOf[p];
            if (!(s.XHigh >= x0 && s.XLow <= x0 + TileSize - 1))
            {
                slots.AsSpan(o, GradientStride).Clear();
                continue;
            }

            var (first, last) = RowRange(s, y0, rows);
            var rankV = Vector512.Create(local);
            var cutV = Vector512.Create(s.PowerCut);
            var opacity = Vector512.Create(s.Opacity);
            Vector512<float> aPdx = default, aPdy = default, aPdx2 = default, aPdxdy = default, aPdy2 = default;
            Vector512<float> aO = default, aR = default, aG = default, aB = default, aD = default;
            var red = Vector512.Create(s.Red);
            var green = Vector512.Create(s.Green);
            var blue = Vector512.Create(s.Blue);
            var depth = Vector512.Create(s.Depth);
            var touched = false;
            for (var r = first; r <= last; r++)
            {
                if (local >= rowMax[r])
                {
                    continue;
                }

                var dy = s.MeanY - (y0 + r);
                var power = Power(s, px, dy, out var dx);
                if (!Vector512.GreaterThanOrEqualAny(power, cutV))
                {
                    continue;
                }

                var gauss = Exp(power);
                var og = opacity * gauss;
                var alpha = Min(maxAlpha, og);
                var valid = Vector512.GreaterThan(lastc[r], rankV).AsSingle() &
                    Vector512.LessThanOrEqual(power, Vector512<float>.Zero) & Vector512.GreaterThanOrEqual(alpha, minAlpha);
                if (valid == Vector512<float>.Zero)
                {
                    continue;
                }

                touched = true;
                var oneMinus = one - alpha;
                var inv = one / oneMinus;
                var t = valid & (tr[r] * inv);
                tr[r] = Vector512.ConditionalSelect(valid, t, tr[r]);
                var w = alpha * t;
                var dR = gr[r];
                var dG = gg[r];
                var dB = gb[r];
                var dD = gd[r];
                aR = Vector512.FusedMultiplyAdd(w, dR, aR);
                aG = Vector512.FusedMultiplyAdd(w, dG, aG);
                aB = Vector512.FusedMultiplyAdd(w, dB, aB);
                aD = Vector512.FusedMultiplyAdd(w, dD, aD);
                var sR = sr[r];
                var sG = sg[r];
                var sB = sb[r];
                var sD = sd[r];
                var dot = ((red - sR) * dR) + ((green - sG) * dG) + ((blue - sB) * dB) + ((depth - sD) * dD);
                var dLda = valid & Vector512.FusedMultiplyAdd(t, dot, kk[r] * inv);

                // Suffix sums S = Σ_{later} c·α·Π(1−α) for the next (earlier) contributor.
                sr[r] = Vector512.ConditionalSelect(valid, Vector512.FusedMultiplyAdd(alpha, red, oneMinus * sR), sR);
                sg[r] = Vector512.ConditionalSelect(valid, Vector512.FusedMultiplyAdd(alpha, green, oneMinus * sG), sG);
                sb[r] = Vector512.ConditionalSelect(valid, Vector512.FusedMultiplyAdd(alpha, blue, oneMinus * sB), sB);
                sd[r] = Vector512.ConditionalSelect(valid, Vector512.FusedMultiplyAdd(alpha, depth, oneMinus * sD), sD);

                // Straight-through clamp: ∂α/∂o = G, ∂α/∂power = o·G.
                aO = Vector512.FusedMultiplyAdd(gauss, dLda, aO);
                var pw = og * dLda;
                var pdx = pw * dx;
                var dyV = Vector512.Create(dy);
                aPdx += pdx;
                aPdy = Vector512.FusedMultiplyAdd(pw, dyV, aPdy);
                aPdx2 = Vector512.FusedMultiplyAdd(pdx, dx, aPdx2);
                aPdxdy = Vector512.FusedMultiplyAdd(pdx, dyV, aPdxdy);
                aPdy2 = Vector512.FusedMultiplyAdd(pw * dyV, dyV, aPdy2);
            }


            if (!touched)
            {
                slots.AsSpan(o, GradientStride).Clear();
                continue;
            }

            StoreSums(slots.AsSpan(o, GradientStride), aPdx, aPdy, aPdx2, aPdxdy, aPdy2, aO, aR, aG, aB, aD);
        }
    }

    // Lane sums of ten vectors into dst[0..9] with a shared transpose-and-add tree (cheaper than ten Vector512.Sum;
    // the summation order is fixed, so results stay deterministic).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums(
        Span<float> dst, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, Vector512<float> v4,
        Vector512<float> v5, Vector512<float> v6, Vector512<float> v7, Vector512<float> v8, Vector512<float> v9)
    {
        if (!Avx.IsSupported)
        {
            dst[0] = Vector512.Sum(v0);
            dst[1] = Vector512.Sum(v1);
            dst[2] = Vector512.Sum(v2);
            dst[3] = Vector512.Sum(v3);
            dst[4] = Vector512.Sum(v4);
            dst[5] = Vector512.Sum(v5);
            dst[6] = Vector512.Sum(v6);
            dst[7] = Vector512.Sum(v7);
            dst[8] = Vector512.Sum(v8);
            dst[9] = Vector512.Sum(v9);
            return;
        }

        static Vector256<float> Fold(Vector512<float> v) => v.GetLower() + v.GetUpper();
        var u0 = Avx.HorizontalAdd(Avx.HorizontalAdd(Fold(v0), Fold(v1)), Avx.HorizontalAdd(Fold(v2), Fold(v3)));
        var u1 = Avx.HorizontalAdd(Avx.HorizontalAdd(Fold(v4), Fold(v5)), Avx.HorizontalAdd(Fold(v6), Fold(v7)));
        var t4 = Avx.HorizontalAdd(Fold(v8), Fold(v9));
        var u2 = Avx.HorizontalAdd(t4, t4);
        var s0 = u0.GetLower() + u0.GetUpper();
        var s1 = u1.GetLower() + u1.GetUpper();
        var s2 = u2.GetLower() + u2.GetUpper();
        s0.CopyTo(dst);
        s1.CopyTo(dst[4..]);
        dst[8] = s2.GetElement(0);
        dst[9] = s2.GetElement(1);
    }

    private static int MaxLane(Vector512<int> v)
    {
        var m = 0;
        for (var i = 0; i < Vector512<int>.Count; i++)
        {
            m = Math.Max(m, v.GetElement(i));
        }

        return m;
    }
}
