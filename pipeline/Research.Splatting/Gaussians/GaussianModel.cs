using Research.Splatting.Ply;
using Research.Tensors;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Splatting.Gaussians;

/// <summary>
/// A 3D Gaussian field (3DGS GaussianModel): raw per-Gaussian parameters as leaf tensors that require gradients,
/// activations (scale exp/softplus, sigmoid opacity, normalised quaternions), the SH degree schedule, initialisers and
/// densification (clone / split / prune) that keeps an <see cref="Adam{T}"/> optimiser's state aligned.
/// </summary>
public sealed class GaussianModel
{
    private const float InitialOpacity = 0.1f;

    /// <summary>Creates an empty model (N = 0).</summary>
    /// <param name="maxShDegree">Maximum SH degree (3DGS 3, TalkingGaussian 2), 0..4.</param>
    /// <param name="scaleActivation">Scale activation.</param>
    public GaussianModel(int maxShDegree, ScaleActivation scaleActivation = ScaleActivation.Exp)
    {
        if (maxShDegree is < 0 or > 4)
        {
            throw new ArgumentException($"GaussianModel: SH degree {maxShDegree} must be in 0..4.", nameof(maxShDegree));
        }

        MaxShDegree = maxShDegree;
        ScaleActivation = scaleActivation;
        Load(new GaussianPlyData(0, maxShDegree, [], [], [], [], [], []));
    }

    /// <summary>Maximum SH degree.</summary>
    public int MaxShDegree { get; }

    /// <summary>SH degree currently used for colour; starts at 0 and rises via <see cref="OneUpShDegree"/>.</summary>
    public int ActiveShDegree { get; private set; }

    /// <summary>Scale activation.</summary>
    public ScaleActivation ScaleActivation { get; }

    /// <summary>Number of Gaussians N.</summary>
    public int Count => Means.Size(0);

    /// <summary>Means, [N,3] (3DGS _xyz).</summary>
    public Tensor<float> Means { get; private set; } = null!;

    /// <summary>SH DC coefficients, [N,1,3] (_features_dc).</summary>
    public Tensor<float> FeaturesDc { get; private set; } = null!;

    /// <summary>Higher SH coefficients, [N,(deg+1)²−1,3] (_features_rest).</summary>
    public Tensor<float> FeaturesRest { get; private set; } = null!;

    /// <summary>Raw scales, [N,3] (_scaling).</summary>
    public Tensor<float> RawScales { get; private set; } = null!;

    /// <summary>Raw rotation quaternions (w,x,y,z), [N,4] (_rotation).</summary>
    public Tensor<float> Rotations { get; private set; } = null!;

    /// <summary>Raw opacity (logit), [N,1] (_opacity).</summary>
    public Tensor<float> RawOpacities { get; private set; } = null!;

    /// <summary>Densification accumulators, sized N.</summary>
    public DensificationStats Stats { get; private set; } = new(0);

    /// <summary>The six parameters in 3DGS order (xyz, f_dc, f_rest, opacity, scaling, rotation), e.g. for optimiser groups.</summary>
    public IReadOnlyList<Tensor<float>> Parameters => [Means, FeaturesDc, FeaturesRest, RawOpacities, RawScales, Rotations];

    /// <summary>Raises the active SH degree by one, up to <see cref="MaxShDegree"/> (3DGS: every 1000 iterations).</summary>
    public void OneUpShDegree() => ActiveShDegree = Math.Min(ActiveShDegree + 1, MaxShDegree);

    /// <summary>Sets the active SH degree (e.g. when restoring a training checkpoint), 0..<see cref="MaxShDegree"/>.</summary>
    public void SetActiveShDegree(int degree)
    {
        if (degree < 0 || degree > MaxShDegree)
        {
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"GaussianModel: active SH degree must be in 0..{MaxShDegree}.");
        }

        ActiveShDegree = degree;
    }

    /// <summary>Activated scales, [N,3] (differentiable).</summary>
    public Tensor<float> GetScaling() => ScaleActivation == ScaleActivation.Exp ? RawScales.Exp() : RawScales.Softplus();

    /// <summary>Activated opacity sigmoid(raw), [N,1] (differentiable).</summary>
    public Tensor<float> GetOpacity() => RawOpacities.Sigmoid();

    /// <summary>Unit quaternions, [N,4] (differentiable; q / ‖q‖).</summary>
    public Tensor<float> GetRotation() => Rotations.Div(Rotations.Mul(Rotations).Sum(1, keepDim: true).Sqrt());

    /// <summary>All SH coefficients, [N,(deg+1)²,3] (dc then rest; differentiable).</summary>
    public Tensor<float> GetFeatures() => Tensor.Concat([FeaturesDc, FeaturesRest], 1);

    /// <summary>
    /// World covariances R S Sᵀ Rᵀ of all Gaussians as upper triangles [N,6] (xx, xy, xz, yy, yz, zz), from the current
    /// parameters (not differentiable; the rasterizer differentiates its own covariance).
    /// </summary>
    /// <param name="scalingModifier">Multiplies the activated scales (3DGS scaling_modifier).</param>
    public float[] ComputeCovariances(double scalingModifier = 1.0)
    {
        var s = RawScales.ToArray();
        var q = Rotations.ToArray();
        var result = new float[Count * 6];
        Span<double> c = stackalloc double[6];
        for (var i = 0; i < Count; i++)
        {
            GaussianMath.Covariance(
                scalingModifier * GaussianMath.ActivateScale(ScaleActivation, s[i * 3]),
                scalingModifier * GaussianMath.ActivateScale(ScaleActivation, s[(i * 3) + 1]),
                scalingModifier * GaussianMath.ActivateScale(ScaleActivation, s[(i * 3) + 2]),
                q[i * 4], q[(i * 4) + 1], q[(i * 4) + 2], q[(i * 4) + 3], c);
            for (var j = 0; j < 6; j++)
            {
                result[(i * 6) + j] = (float)c[j];
            }
        }

        return result;
    }

    /// <summary>
    /// TalkingGaussian initialisation: <paramref name="count"/> means uniform in [−h, h]³, DC uniform in [0, 1/255) SH
    /// units, rest 0, kNN scales, identity rotation, opacity 0.1. Draws all means (row-major), then all DC values.
    /// </summary>
    public static GaussianModel RandomInBox(int count, Rng rng, int maxShDegree, ScaleActivation scaleActivation = ScaleActivation.Softplus, double halfExtent = 0.1)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var xyz = new float[count * 3];
        for (var i = 0; i < xyz.Length; i++)
        {
            xyz[i] = (float)((rng.NextDouble() * 2 * halfExtent) - halfExtent);
        }

        var dc = new float[count * 3];
        for (var i = 0; i < dc.Length; i++)
        {
            dc[i] = (float)(rng.NextDouble() / 255.0);
        }

        return Initialise(xyz, dc, maxShDegree, scaleActivation);
    }

    /// <summary>3DGS create_from_pcd: DC = (rgb − 0.5)/C0, rest 0, kNN scales, identity rotation, opacity 0.1.</summary>
    /// <param name="xyz">Points, [N,3].</param>
    /// <param name="rgb">Colours in [0,1], [N,3].</param>
    /// <param name="maxShDegree">Maximum SH degree.</param>
    /// <param name="scaleActivation">Scale activation.</param>
    public static GaussianModel FromPointCloud(ReadOnlySpan<float> xyz, ReadOnlySpan<float> rgb, int maxShDegree, ScaleActivation scaleActivation = ScaleActivation.Exp)
    {
        if (xyz.Length % 3 != 0 || rgb.Length != xyz.Length)
        {
            throw new ArgumentException($"GaussianModel.FromPointCloud: {xyz.Length} coordinates and {rgb.Length} colour values must both be [N,3].", nameof(xyz));
        }

        var dc = new float[rgb.Length];
        for (var i = 0; i < dc.Length; i++)
        {
            dc[i] = (float)GaussianMath.RgbToSh(rgb[i]);
        }

        return Initialise(xyz.ToArray(), dc, maxShDegree, scaleActivation);
    }

    /// <summary>Creates a model from raw PLY data (SH degree of the data becomes the maximum; active degree = maximum).</summary>
    public static GaussianModel FromPlyData(GaussianPlyData data, ScaleActivation scaleActivation = ScaleActivation.Exp)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = new GaussianModel(data.ShDegree, scaleActivation);
        model.Load(data);
        model.ActiveShDegree = data.ShDegree;
        return model;
    }

    /// <summary>
    /// Writes the model as a 3DGS PLY file (atomically) in the convention splat viewers expect: scales stored as
    /// log(activated scale) whatever <see cref="ScaleActivation"/> is, so a softplus model (TalkingGaussian) opens
    /// with the right sizes. <see cref="LoadPly"/> converts back.
    /// </summary>
    public void SavePly(string path)
    {
        var data = ToPlyData();
        if (ScaleActivation != ScaleActivation.Exp)
        {
            var scales = data.Scales;
            for (var i = 0; i < scales.Length; i++)
            {
                scales[i] = (float)Math.Log(GaussianMath.ActivateScale(ScaleActivation, scales[i]));
            }
        }

        GaussianPly.Write(path, data);
    }

    /// <summary>
    /// Reads a 3DGS PLY file (log scales, as <see cref="SavePly"/> writes and viewers expect) into a model whose raw
    /// scales use <paramref name="scaleActivation"/>. Active SH degree = the file's degree.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a valid 3DGS PLY (the message names the file and the problem).</exception>
    public static GaussianModel LoadPly(string path, ScaleActivation scaleActivation = ScaleActivation.Exp)
    {
        var data = GaussianPly.Read(path);
        if (scaleActivation != ScaleActivation.Exp)
        {
            var scales = data.Scales;
            for (var i = 0; i < scales.Length; i++)
            {
                scales[i] = (float)GaussianMath.InverseScale(scaleActivation, Math.Exp(scales[i]));
            }
        }

        return FromPlyData(data, scaleActivation);
    }

    /// <summary>The raw parameters as PLY data (copies), in this model's own scale convention (see <see cref="SavePly"/> for files).</summary>
    public GaussianPlyData ToPlyData() => new(Count, MaxShDegree, Means.ToArray(), FeaturesDc.ToArray(), FeaturesRest.ToArray(), RawOpacities.ToArray(), RawScales.ToArray(), Rotations.ToArray());

    /// <summary>Accumulates one view's densification statistics (see <see cref="DensificationStats.Add"/>).</summary>
    public void AddDensificationStats(ReadOnlySpan<float> viewspaceGradients, int stride, ReadOnlySpan<bool> visible, ReadOnlySpan<float> radii) =>
        Stats.Add(viewspaceGradients, stride, visible, radii);

    /// <summary>
    /// 3DGS densify_and_prune: clone small high-gradient Gaussians, split large ones into
    /// <see cref="DensificationSettings.SplitSamples"/> children sampled from them (scale / (0.8·N)), remove the split
    /// parents, then prune by opacity (and size when <see cref="DensificationSettings.MaxScreenSize"/> is set). Statistics
    /// are reset. <paramref name="optimizer"/>, if given, must hold all six parameters; its moments are extended with
    /// zeros and pruned alongside.
    /// </summary>
    /// <returns>(cloned, split parents, pruned) counts.</returns>
    public (int Cloned, int Split, int Pruned) DensifyAndPrune(DensificationSettings settings, Rng rng, Adam<float>? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rng);
        var n0 = Count;
        var grads = Stats.MeanGradients();
        var threshold = settings.PercentDense * settings.SceneExtent;
        var maxScale = MaxActivatedScales();

        // Clone.
        var cloneRows = Enumerable.Range(0, n0).Where(i => grads[i] >= settings.GradThreshold && maxScale[i] <= threshold).ToArray();
        var data = ToPlyData();
        Append(Gather(data, cloneRows, 1), optimizer);

        // Split: candidates among the original rows only (the clones have zero padded gradient).
        var splitRows = Enumerable.Range(0, n0).Where(i => grads[i] >= settings.GradThreshold && maxScale[i] > threshold).ToArray();
        Append(SplitChildren(data, splitRows, settings.SplitSamples, rng), optimizer);
        var keep = new bool[Count];
        Array.Fill(keep, true);
        foreach (var i in splitRows)
        {
            keep[i] = false;
        }

        Prune(keep, optimizer);
        if (settings.ResetRadiiBeforePrune)
        {
            Stats.Reset(Count);
        }

        // Prune.
        var opacity = RawOpacities.ToArray();
        maxScale = MaxActivatedScales();
        keep = new bool[Count];
        var pruned = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            var remove = 1 / (1 + Math.Exp(-opacity[i])) < settings.MinOpacity;
            if (settings.MaxScreenSize is { } screen)
            {
                remove |= Stats.MaxRadii2D[i] > screen || maxScale[i] > settings.WorldSizeFraction * settings.SceneExtent;
            }

            keep[i] = !remove;
            pruned += remove ? 1 : 0;
        }

        Prune(keep, optimizer);
        Stats.Reset(Count);
        return (cloneRows.Length, splitRows.Length, pruned);
    }

    /// <summary>Removes the rows where <paramref name="keep"/> is false from every parameter, the statistics and the optimiser state.</summary>
    public void Prune(IReadOnlyList<bool> keep, Adam<float>? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(keep);
        if (keep.Count != Count)
        {
            throw new ArgumentException($"GaussianModel.Prune: mask of {keep.Count} for {Count} Gaussians.", nameof(keep));
        }

        var rows = Enumerable.Range(0, Count).Where(i => keep[i]).ToArray();
        var next = Gather(ToPlyData(), rows, 1);
        var old = Parameters;
        var stats = Stats;
        Load(next);
        Stats = stats;
        var now = Parameters;
        if (optimizer is not null)
        {
            for (var p = 0; p < old.Count; p++)
            {
                optimizer.PruneRows(old[p], now[p], keep);
            }
        }

        Stats.Select(keep);
    }

    private static GaussianModel Initialise(float[] xyz, float[] dc, int maxShDegree, ScaleActivation activation)
    {
        var n = xyz.Length / 3;
        var d2 = NearestNeighbors.MeanSquaredDistance(xyz);
        var scales = new float[n * 3];
        for (var i = 0; i < n; i++)
        {
            // 3DGS: log(sqrt(dist2)), also under softplus in TalkingGaussian.
            var s = (float)Math.Log(Math.Sqrt(d2[i]));
            scales[i * 3] = scales[(i * 3) + 1] = scales[(i * 3) + 2] = s;
        }

        var rotations = new float[n * 4];
        for (var i = 0; i < n; i++)
        {
            rotations[i * 4] = 1;
        }

        var opacity = new float[n];
        Array.Fill(opacity, (float)GaussianMath.InverseSigmoid(InitialOpacity));
        var rest = new float[n * 3 * GaussianPlyData.RestCoefficients(maxShDegree)];
        var model = new GaussianModel(maxShDegree, activation);
        model.Load(new GaussianPlyData(n, maxShDegree, xyz, dc, rest, opacity, scales, rotations));
        return model;
    }

    private void Load(GaussianPlyData data)
    {
        if (data.ShDegree != MaxShDegree)
        {
            throw new ArgumentException($"GaussianModel: data has SH degree {data.ShDegree}, model {MaxShDegree}.", nameof(data));
        }

        var n = data.Count;
        var k = GaussianPlyData.RestCoefficients(MaxShDegree);
        Means = Leaf(data.Means, n, 3);
        FeaturesDc = Leaf(data.FeaturesDc, n, 1, 3);
        FeaturesRest = Leaf(data.FeaturesRest, n, k, 3);
        RawOpacities = Leaf(data.Opacities, n, 1);
        RawScales = Leaf(data.Scales, n, 3);
        Rotations = Leaf(data.Rotations, n, 4);
        if (Stats.Count != n)
        {
            Stats = new DensificationStats(n);
        }
    }

    private void Append(GaussianPlyData extra, Adam<float>? optimizer)
    {
        var current = ToPlyData();
        var old = Parameters;
        var stats = Stats;
        var n = current.Count + extra.Count;
        Load(new GaussianPlyData(
            n,
            MaxShDegree,
            [.. current.Means, .. extra.Means],
            [.. current.FeaturesDc, .. extra.FeaturesDc],
            [.. current.FeaturesRest, .. extra.FeaturesRest],
            [.. current.Opacities, .. extra.Opacities],
            [.. current.Scales, .. extra.Scales],
            [.. current.Rotations, .. extra.Rotations]));
        Stats = stats;
        var now = Parameters;
        if (optimizer is not null)
        {
            for (var p = 0; p < old.Count; p++)
            {
                optimizer.ExtendRows(old[p], now[p]);
            }
        }

        Stats.Extend(extra.Count);
    }

    private static Tensor<float> Leaf(float[] values, params int[] shape)
    {
        var t = Tensor.FromArray(values, shape);
        t.RequiresGrad = true;
        return t;
    }

    private double[] MaxActivatedScales()
    {
        var s = RawScales.ToArray();
        var m = new double[Count];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = Math.Max(
                GaussianMath.ActivateScale(ScaleActivation, s[i * 3]),
                Math.Max(GaussianMath.ActivateScale(ScaleActivation, s[(i * 3) + 1]), GaussianMath.ActivateScale(ScaleActivation, s[(i * 3) + 2])));
        }

        return m;
    }

    // Rows `rows` of `data`, repeated `times` times block-wise (torch .repeat(N, 1) order).
    private static GaussianPlyData Gather(GaussianPlyData data, int[] rows, int times)
    {
        var k3 = 3 * GaussianPlyData.RestCoefficients(data.ShDegree);
        float[] Take(float[] a, int width)
        {
            var r = new float[rows.Length * times * width];
            var o = 0;
            for (var t = 0; t < times; t++)
            {
                foreach (var i in rows)
                {
                    Array.Copy(a, (long)i * width, r, o, width);
                    o += width;
                }
            }

            return r;
        }

        return new GaussianPlyData(rows.Length * times, data.ShDegree, Take(data.Means, 3), Take(data.FeaturesDc, 3), Take(data.FeaturesRest, k3), Take(data.Opacities, 1), Take(data.Scales, 3), Take(data.Rotations, 4));
    }

    // 3DGS densify_and_split children: samples ~ N(0, diag(scale²)) drawn in order (copy, row, axis), rotated and offset.
    private GaussianPlyData SplitChildren(GaussianPlyData data, int[] rows, int samples, Rng rng)
    {
        var children = Gather(data, rows, samples);
        Span<double> r = stackalloc double[9];
        for (var c = 0; c < children.Count; c++)
        {
            var s = new double[3];
            for (var a = 0; a < 3; a++)
            {
                s[a] = GaussianMath.ActivateScale(ScaleActivation, children.Scales[(c * 3) + a]);
            }

            var sample = new double[3];
            for (var a = 0; a < 3; a++)
            {
                sample[a] = rng.NextNormal() * s[a];
            }

            GaussianMath.RotationMatrix(children.Rotations[c * 4], children.Rotations[(c * 4) + 1], children.Rotations[(c * 4) + 2], children.Rotations[(c * 4) + 3], r);
            for (var a = 0; a < 3; a++)
            {
                var offset = (r[a * 3] * sample[0]) + (r[(a * 3) + 1] * sample[1]) + (r[(a * 3) + 2] * sample[2]);
                children.Means[(c * 3) + a] = (float)(children.Means[(c * 3) + a] + offset);
                children.Scales[(c * 3) + a] = (float)GaussianMath.InverseScale(ScaleActivation, s[a] / (0.8 * samples));
            }
        }

        return children;
    }
}
