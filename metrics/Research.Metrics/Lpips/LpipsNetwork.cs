using System.Runtime.Intrinsics;
using Research.Media.Imaging;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;
using Research.Tensors.Serialization;
using Research.Tensors.Threading;

namespace Research.Metrics.Lpips;

/// <summary>
/// LPIPS v0.1 (richzhang/PerceptualSimilarity, pip <c>lpips</c> 0.1.4; metrics.md §4) with the AlexNet or VGG16
/// trunk: optional [0, 1] → [−1, 1], ScalingLayer (x − shift)/scale, trunk taps after the ReLUs, channel
/// unit-normalisation f/(‖f‖ + 1e-10), squared difference, lin 1×1 conv (weights used as stored, no clamp, as the
/// reference forward does), spatial mean, sum over taps. The trunk runs in float32 on the Research.Tensors engine,
/// both images of a pair in one batch, through <see cref="PreparedConv2d"/> layers (the weights' transformed and
/// packed forms are built on the first call and reused; same values as <c>Functional.Conv2dRelu</c>); the head runs
/// in float64. Immutable after loading; safe to share.
/// </summary>
public sealed class LpipsNetwork
{
    private readonly IReadOnlyList<LpipsStage> stages;
    private readonly PreparedConv2d[][] convs;
    private readonly (Tensor<float> Weight, Tensor<float> Bias)[][] trunk;
    private readonly float[][] lin;

    private LpipsNetwork(LpipsNet net, PreparedConv2d[][] convs, (Tensor<float> Weight, Tensor<float> Bias)[][] trunk, float[][] lin)
    {
        Net = net;
        stages = LpipsArchitecture.Stages(net);
        this.convs = convs;
        this.trunk = trunk;
        this.lin = lin;
    }

    /// <summary>The trunk.</summary>
    public LpipsNet Net { get; }

    /// <summary>Channels of the taps ([64, 192, 384, 256, 256] for AlexNet, [64, 128, 256, 512, 512] for VGG16).</summary>
    public IReadOnlyList<int> TapChannels => [.. stages.Select(s => s.Channels)];

    /// <summary>Smallest square image side the trunk accepts (31 for AlexNet, 16 for VGG16).</summary>
    public int MinimumSide => LpipsArchitecture.MinimumSide(Net);

    /// <summary>
    /// Loads the trunk (torchvision <c>alexnet-owt-7be5be79.pth</c> / <c>vgg16-397923af.pth</c>: tensors
    /// <c>features.N.weight/bias</c>) and the v0.1 lin layers (<c>lpips/weights/v0.1/alex.pth</c> / <c>vgg.pth</c>:
    /// <c>lin{k}.model.1.weight</c>). Each file may be a torch.save checkpoint (legacy or zip) or a .safetensors
    /// file with the same tensor names; extra tensors (e.g. the classifier) are ignored.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist (use <see cref="LpipsWeights.Locate"/> to get a hint instead).</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or a tensor is missing or has the wrong shape or dtype; the message names the file, the tensor and the expected shape.</exception>
    public static LpipsNetwork Load(LpipsNet net, string trunkPath, string linPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(trunkPath);
        ArgumentException.ThrowIfNullOrEmpty(linPath);
        var trunk = LpipsWeightLoader.Read(trunkPath);
        var linTensors = LpipsWeightLoader.Read(linPath);
        return Create(net, trunk, trunkPath, linTensors, linPath);
    }

    /// <summary>
    /// Builds the network from tensors already in memory, named as in the published files (see
    /// <see cref="Load"/>); checked the same way.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape or dtype.</exception>
    public static LpipsNetwork FromTensors(LpipsNet net, IEnumerable<SafetensorsTensor> trunk, IEnumerable<SafetensorsTensor> lin)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        ArgumentNullException.ThrowIfNull(lin);
        return Create(net, ByName(trunk), "trunk tensors", ByName(lin), "lin tensors");
    }

    /// <summary>
    /// LPIPS between two RGB images of the same size (H×W×3, interleaved). The order of the arguments does not
    /// matter. <paramref name="range"/> <see cref="LpipsInputRange.ZeroToOne"/> is <c>normalize=True</c> on [0, 1]
    /// frames; <see cref="LpipsInputRange.Unscaled"/> feeds the values unchanged (the <c>lpipsPyTorch</c> parity).
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size, are not 3-channel or are smaller than <see cref="MinimumSide"/>.</exception>
    public double Distance(FloatImage a, FloatImage b, LpipsInputRange range = LpipsInputRange.ZeroToOne) =>
        Distances([a], [b], range)[0];

    /// <summary>
    /// LPIPS of each pair (<paramref name="a"/>[i], <paramref name="b"/>[i]), one value per frame. Consecutive pairs of
    /// the same size go through the trunk together, up to <paramref name="maxPairsPerBatch"/> pairs (2 images each)
    /// per batch; the values do not depend on the batching beyond float32 rounding in the trunk.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length, or a pair is invalid (see <see cref="Distance(FloatImage, FloatImage, LpipsInputRange)"/>).</exception>
    public double[] Distances(IReadOnlyList<FloatImage> a, IReadOnlyList<FloatImage> b, LpipsInputRange range = LpipsInputRange.ZeroToOne, int maxPairsPerBatch = 1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPairsPerBatch);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"LPIPS: {a.Count} images against {b.Count}; the lists must pair up.", nameof(b));
        }

        for (var i = 0; i < a.Count; i++)
        {
            CheckPair(a[i], b[i], i);
        }

        var result = new double[a.Count];
        var start = 0;
        while (start < a.Count)
        {
            var end = start + 1;
            while (end < a.Count && end - start < maxPairsPerBatch && a[end].Width == a[start].Width && a[end].Height == a[start].Height)
            {
                end++;
            }

            var (h, w) = (a[start].Height, a[start].Width);
            var input = GC.AllocateUninitializedArray<float>((end - start) * 2 * 3 * h * w);
            for (var p = start; p < end; p++)
            {
                var plane = 3 * h * w;
                ScaleImage(a[p], range, input.AsSpan(2 * (p - start) * plane, plane));
                ScaleImage(b[p], range, input.AsSpan(((2 * (p - start)) + 1) * plane, plane));
            }

            Evaluate(input, end - start, h, w, result.AsSpan(start, end - start));
            start = end;
        }

        return result;
    }

    /// <summary>
    /// LPIPS per item of two NCHW batches [N, 3, H, W] of the same shape (the layout <c>lpips.LPIPS.forward</c>
    /// takes); returns N values. Gradients are not recorded.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, are not [N, 3, H, W] or are smaller than <see cref="MinimumSide"/>.</exception>
    public double[] Distances(Tensor<float> x0, Tensor<float> x1, LpipsInputRange range = LpipsInputRange.ZeroToOne)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(x1);
        if (x0.Rank != 4 || x0.Size(1) != 3 || !x0.Shape.SequenceEqual(x1.Shape))
        {
            throw new ArgumentException(
                $"LPIPS: inputs [{string.Join(", ", x0.Shape)}] and [{string.Join(", ", x1.Shape)}] must both be [N, 3, H, W] with the same shape.",
                nameof(x1));
        }

        var (n, h, w) = (x0.Size(0), x0.Size(2), x0.Size(3));
        CheckSize(h, w);
        var plane = 3 * h * w;
        var s0 = x0.Contiguous().AsReadOnlySpan();
        var s1 = x1.Contiguous().AsReadOnlySpan();
        var input = GC.AllocateUninitializedArray<float>(2 * n * plane);
        for (var i = 0; i < n; i++)
        {
            ScalePlanar(s0.Slice(i * plane, plane), range, h * w, input.AsSpan(2 * i * plane, plane));
            ScalePlanar(s1.Slice(i * plane, plane), range, h * w, input.AsSpan(((2 * i) + 1) * plane, plane));
        }

        var result = new double[n];
        Evaluate(input, n, h, w, result);
        return result;
    }

    /// <summary>The layers between taps (for the differentiable forward of <see cref="LpipsLoss"/>).</summary>
    internal IReadOnlyList<LpipsStage> Stages => stages;

    /// <summary>The trunk's conv weights and biases per stage, as loaded (never modified).</summary>
    internal (Tensor<float> Weight, Tensor<float> Bias)[][] TrunkTensors => trunk;

    /// <summary>The trunk's prepared (inference-only, float32) convolutions per stage.</summary>
    internal PreparedConv2d[][] PreparedConvs => convs;

    /// <summary>The lin weights per tap, as loaded (never modified).</summary>
    internal float[][] Lin => lin;

    /// <summary>The lin weights of tap <paramref name="tap"/> (a copy).</summary>
    public float[] LinWeights(int tap) => (float[])lin[tap].Clone();

    /// <summary>
    /// Runs the trunk on <paramref name="input"/> ([2·pairs, 3, H, W], already scaled, pair members adjacent) and
    /// returns the taps; for tests and diagnostics.
    /// </summary>
    internal Tensor<float>[] Features(float[] input, int images, int height, int width)
    {
        using var noGrad = new NoGrad();
        var x = Tensor.FromArray(input, images, 3, height, width);
        var taps = new Tensor<float>[stages.Count];
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            if (stage.PoolKernel > 0)
            {
                x = Functional.MaxPool2d(x, stage.PoolKernel, stage.PoolStride);
            }

            foreach (var conv in convs[s])
            {
                x = conv.Forward(x, relu: true);
            }

            taps[s] = x;
        }

        return taps;
    }

    private void Evaluate(float[] input, int pairs, int height, int width, Span<double> result)
    {
        var taps = Features(input, 2 * pairs, height, width);
        result.Clear();
        for (var t = 0; t < taps.Length; t++)
        {
            var tap = taps[t];
            var (c, h, w) = (tap.Size(1), tap.Size(2), tap.Size(3));
            var size = c * h * w;
            var values = tap.AsReadOnlySpan();
            for (var p = 0; p < pairs; p++)
            {
                result[p] += LpipsHead.TapDistance(values.Slice(2 * p * size, size), values.Slice(((2 * p) + 1) * size, size), c, h, w, lin[t]);
            }
        }
    }

    // HWC interleaved [0, 1] (or raw) → planar CHW after the optional 2x − 1 and the ScalingLayer, in float32 as torch does.
    private static void ScaleImage(FloatImage image, LpipsInputRange range, Span<float> destination)
    {
        var (width, pixels) = (image.Width, image.Width * image.Height);
        var data = image.Data;
        unsafe
        {
            fixed (float* d = destination)
            {
                var target = (nint)d;
                ComputeThreads.For(image.Height, 64, (_, start, end) =>
                {
                    var (first, count) = (start * width, (end - start) * width);
                    var r = new Span<float>((float*)target + first, count);
                    var g = new Span<float>((float*)target + pixels + first, count);
                    var b = new Span<float>((float*)target + (2 * pixels) + first, count);
                    for (var i = 0; i < count; i++)
                    {
                        var k = 3 * (first + i);
                        (r[i], g[i], b[i]) = (data[k], data[k + 1], data[k + 2]);
                    }

                    ScalePlane(r, range, 0);
                    ScalePlane(g, range, 1);
                    ScalePlane(b, range, 2);
                });
            }
        }
    }

    private static void ScalePlanar(ReadOnlySpan<float> source, LpipsInputRange range, int pixels, Span<float> destination)
    {
        source.CopyTo(destination);
        for (var ch = 0; ch < 3; ch++)
        {
            ScalePlane(destination.Slice(ch * pixels, pixels), range, ch);
        }
    }

    // In place: ((2x − 1) − shift)/scale or (x − shift)/scale, element by element in float32 (vector lanes round
    // exactly like the scalar tail, so the result does not depend on how the plane is split).
    private static void ScalePlane(Span<float> plane, LpipsInputRange range, int channel)
    {
        var (shift, scale) = (LpipsArchitecture.Shift[channel], LpipsArchitecture.Scale[channel]);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (s, c) = (Vector512.Create(shift), Vector512.Create(scale));
            var (two, one) = (Vector512.Create(2f), Vector512.Create(1f));
            for (; i <= plane.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var x = Vector512.Create(plane[i..]);
                if (range == LpipsInputRange.ZeroToOne)
                {
                    x = (two * x) - one;
                }

                ((x - s) / c).CopyTo(plane[i..]);
            }
        }

        for (; i < plane.Length; i++)
        {
            plane[i] = Scale(plane[i], range, shift, scale);
        }
    }

    private static float Scale(float x, LpipsInputRange range, float shift, float scale)
    {
        var v = range == LpipsInputRange.ZeroToOne ? (2f * x) - 1f : x;
        return (v - shift) / scale;
    }

    private void CheckPair(FloatImage a, FloatImage b, int index)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Channels != 3 || b.Channels != 3 || a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException(
                $"LPIPS: pair {index} is {a.Width}x{a.Height}x{a.Channels} against {b.Width}x{b.Height}x{b.Channels}; both must be RGB (3 channels) of the same size.");
        }

        CheckSize(a.Height, a.Width);
    }

    private void CheckSize(int height, int width)
    {
        if (LpipsArchitecture.TapSizes(Net, height, width) is null)
        {
            var min = MinimumSide;
            throw new ArgumentException(
                $"LPIPS-{LpipsArchitecture.Label(Net)}: {width}x{height} images are too small for the trunk; it needs at least {min}x{min}.");
        }
    }

    private static Dictionary<string, SafetensorsTensor> ByName(IEnumerable<SafetensorsTensor> tensors)
    {
        var result = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            result.TryAdd(t.Name, t);
        }

        return result;
    }

    private static LpipsNetwork Create(
        LpipsNet net,
        IReadOnlyDictionary<string, SafetensorsTensor> trunk,
        string trunkSource,
        IReadOnlyDictionary<string, SafetensorsTensor> linTensors,
        string linSource)
    {
        var stageList = LpipsArchitecture.Stages(net);
        var trunkFile = $"the {(net == LpipsNet.Alex ? "AlexNet" : "VGG16")} trunk ({LpipsPublishedFile.Trunks(net)[0].FileName})";
        var linFile = $"the LPIPS v0.1 lin file ({LpipsPublishedFile.Lin(net).FileName})";
        var prepared = new PreparedConv2d[stageList.Count][];
        var raw = new (Tensor<float> Weight, Tensor<float> Bias)[stageList.Count][];
        var l = new float[stageList.Count][];
        for (var s = 0; s < stageList.Count; s++)
        {
            var convs = stageList[s].Convs;
            prepared[s] = new PreparedConv2d[convs.Count];
            raw[s] = new (Tensor<float> Weight, Tensor<float> Bias)[convs.Count];
            for (var c = 0; c < convs.Count; c++)
            {
                var conv = convs[c];
                var w = Tensor.FromArray(LpipsWeightLoader.Require(trunk, trunkSource, conv.WeightName, conv.WeightShape, trunkFile), conv.WeightShape);
                var b = Tensor.FromArray(LpipsWeightLoader.Require(trunk, trunkSource, conv.BiasName, [conv.OutChannels], trunkFile), conv.OutChannels);
                prepared[s][c] = new PreparedConv2d(w, b, conv.Stride, conv.Padding);
                raw[s][c] = (w, b);
            }

            l[s] = LpipsWeightLoader.Require(linTensors, linSource, LpipsArchitecture.LinName(s), LpipsArchitecture.LinShape(stageList[s].Channels), linFile);
        }

        return new LpipsNetwork(net, prepared, raw, l);
    }
}
