using System.Numerics;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;

namespace Research.Metrics.Lpips;

/// <summary>
/// LPIPS as a training loss: the same network and value as <see cref="LpipsNetwork"/>, but differentiable with respect
/// to the first image batch (the trunk and lin weights stay frozen, as <c>lpips.LPIPS(...).eval()</c> used as a loss
/// in TalkingGaussian). The images' trunk runs through recorded <see cref="Functional.Conv2dRelu{T}"/> /
/// <see cref="Functional.MaxPool2d{T}(Tensor{T}, int, int?, int)"/> ops (no weight gradients are computed); the
/// targets' trunk runs without recording; layers with few output positions per image run as one GEMM over the
/// whole batch (patch batches); the head is one fused op in
/// float64. Immutable; safe to share.
/// </summary>
public sealed class LpipsLoss
{
    private readonly LpipsNetwork network;
    private readonly LpipsInputRange range;
    private readonly Lazy<(Tensor<double> Weight, Tensor<double> Bias)[][]> doubleTrunk;

    /// <summary>Wraps a loaded network; <paramref name="range"/> as in <see cref="LpipsNetwork.Distance"/>.</summary>
    public LpipsLoss(LpipsNetwork network, LpipsInputRange range = LpipsInputRange.ZeroToOne)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
        this.range = range;
        doubleTrunk = new Lazy<(Tensor<double>, Tensor<double>)[][]>(() =>
            [.. network.TrunkTensors.Select(stage => stage.Select(c => (ToDouble(c.Weight), ToDouble(c.Bias))).ToArray())]);
    }

    /// <summary>The network.</summary>
    public LpipsNetwork Network => network;

    /// <summary>
    /// LPIPS of each pair (<paramref name="images"/>[i], <paramref name="targets"/>[i]) of two [N, 3, H, W] batches
    /// (or single [3, H, W] images, giving N = 1) as a tensor [N]; the gradient flows into <paramref name="images"/>
    /// only (targets are constants). Upstream's <c>lpips_criterion(x·2 − 1, y·2 − 1).mean()</c> is
    /// <c>Distances(x, y).Mean()</c> with the default range.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, are not [N, 3, H, W] or are smaller than <see cref="LpipsNetwork.MinimumSide"/>.</exception>
    public Tensor<T> Distances<T>(Tensor<T> images, Tensor<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(targets);
        if (images.Rank == 3)
        {
            images = images.Unsqueeze(0);
        }

        if (targets.Rank == 3)
        {
            targets = targets.Unsqueeze(0);
        }

        if (images.Rank != 4 || images.Size(1) != 3 || !images.Shape.SequenceEqual(targets.Shape))
        {
            throw new ArgumentException(
                $"LPIPS loss: inputs [{string.Join(", ", images.Shape)}] and [{string.Join(", ", targets.Shape)}] must both be [N, 3, H, W] with the same shape.",
                nameof(targets));
        }

        var (n, h, w) = (images.Size(0), images.Size(2), images.Size(3));
        if (LpipsArchitecture.TapSizes(network.Net, h, w) is null)
        {
            var min = network.MinimumSide;
            throw new ArgumentException($"LPIPS loss ({LpipsArchitecture.Label(network.Net)}): {w}x{h} images are too small for the trunk; it needs at least {min}x{min}.", nameof(images));
        }

        var imageTaps = Trunk(Scale(images), record: true);
        Tensor<T>[] targetTaps;
        using (new NoGrad())
        {
            var scaled = Scale(targets.Detach());
            targetTaps = Trunk(scaled, record: false);
        }

        Tensor<T>? total = null;
        for (var t = 0; t < imageTaps.Length; t++)
        {
            var d = TapDistance(imageTaps[t], targetTaps[t], network.Lin[t]);
            total = total is null ? d : total.Add(d);
        }

        return total!;
    }

    /// <summary>The (head) distance of one tap per item: (1/(h·w)) Σ_pixels Σ_c w_c (f̂₀ − f̂₁)², differentiable in <paramref name="f0"/>.</summary>
    internal static Tensor<T> TapDistance<T>(Tensor<T> f0, Tensor<T> f1, float[] lin)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = f0.Contiguous().Detach();
        var b = f1.Contiguous().Detach();
        var (n, c, h, w) = (a.Size(0), a.Size(1), a.Size(2), a.Size(3));
        var plane = h * w;
        var result = CustomOp.Uninitialized<T>(n);
        var sa = CustomOp.Segment(a);
        var sb = CustomOp.Segment(b);
        var values = new double[n];
        Research.Tensors.Threading.ComputeThreads.For(n, 1, (_, start, end) =>
        {
            for (var item = start; item < end; item++)
            {
                values[item] = Item(sa.AsSpan(item * c * plane, c * plane), sb.AsSpan(item * c * plane, c * plane), c, plane, lin, null, 0);
            }
        });
        var r = CustomOp.Data(result);
        for (var i = 0; i < n; i++)
        {
            r[i] = T.CreateChecked(values[i]);
        }

        return CustomOp.Record("LpipsHead", result, [f0], g =>
        {
            var gg = g.Contiguous().ToArray();
            var grad = CustomOp.Uninitialized<T>([.. a.Shape]);
            var sg = CustomOp.Segment(grad);
            Research.Tensors.Threading.ComputeThreads.For(n, 1, (_, start, end) =>
            {
                for (var item = start; item < end; item++)
                {
                    Item(sa.AsSpan(item * c * plane, c * plane), sb.AsSpan(item * c * plane, c * plane), c, plane, lin, sg.AsSpan(item * c * plane, c * plane), double.CreateChecked(gg[item]));
                }
            });
            return [grad];
        });
    }

    // One item's tap distance in float64; with grad set, writes ∂/∂f0 · upstream instead (the value is still returned).
    // f̂ = f/(‖f‖ + ε): ∂L/∂f0_k = u_k·s − s²·(Σ_c u_c f0_c)·f0_k/‖f0‖ with u = 2·w ⊙ (f̂0 − f̂1), s = 1/(‖f0‖ + ε); the
    // second term tends to 0 as ‖f0‖ → 0, so it is dropped at ‖f0‖ = 0 (where PyTorch's sqrt backward gives NaN).
    private static double Item<T>(ReadOnlySpan<T> f0, ReadOnlySpan<T> f1, int channels, int plane, float[] lin, Span<T> grad, double upstream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = 0.0;
        var scale = upstream / plane;
        for (var p = 0; p < plane; p++)
        {
            double n0 = 0, n1 = 0;
            for (var ch = 0; ch < channels; ch++)
            {
                var x = double.CreateChecked(f0[(ch * plane) + p]);
                var y = double.CreateChecked(f1[(ch * plane) + p]);
                n0 += x * x;
                n1 += y * y;
            }

            n0 = Math.Sqrt(n0);
            n1 = Math.Sqrt(n1);
            var s0 = 1.0 / (n0 + LpipsArchitecture.NormEpsilon);
            var s1 = 1.0 / (n1 + LpipsArchitecture.NormEpsilon);
            double sum = 0, dot = 0;
            for (var ch = 0; ch < channels; ch++)
            {
                var x = double.CreateChecked(f0[(ch * plane) + p]);
                var d = (x * s0) - (double.CreateChecked(f1[(ch * plane) + p]) * s1);
                sum += lin[ch] * d * d;
                dot += 2 * lin[ch] * d * x;
            }

            total += sum;
            if (!grad.IsEmpty)
            {
                var radial = n0 > 0 ? s0 * s0 * dot / n0 : 0.0;
                for (var ch = 0; ch < channels; ch++)
                {
                    var x = double.CreateChecked(f0[(ch * plane) + p]);
                    var d = (x * s0) - (double.CreateChecked(f1[(ch * plane) + p]) * s1);
                    grad[(ch * plane) + p] = T.CreateChecked(scale * ((2 * lin[ch] * d * s0) - (radial * x)));
                }
            }
        }

        return total / plane;
    }

    private static Tensor<double> ToDouble(Tensor<float> t) =>
        Tensor.FromArray([.. t.ToArray().Select(v => (double)v)], [.. t.Shape]);

    // [0, 1] → [−1, 1] (ZeroToOne), then the ScalingLayer (x − shift)/scale per channel, in T as the metric does in float32.
    private Tensor<T> Scale<T>(Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = range == LpipsInputRange.ZeroToOne ? x.Mul(T.CreateChecked(2)).Sub(T.One) : x;
        var shift = Tensor.FromArray([.. LpipsArchitecture.Shift.Select(T.CreateChecked)], 1, 3, 1, 1);
        var scale = Tensor.FromArray([.. LpipsArchitecture.Scale.Select(T.CreateChecked)], 1, 3, 1, 1);
        return v.Sub(shift).Div(scale);
    }

    // record: the images' trunk (gradient recorded); otherwise the targets' (no grad: float32 layers that are not
    // batched use the metric's prepared convolutions, same values as Conv2dRelu).
    private Tensor<T>[] Trunk<T>(Tensor<T> x, bool record)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stages = network.Stages;
        var taps = new Tensor<T>[stages.Count];
        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            if (stage.PoolKernel > 0)
            {
                x = Functional.MaxPool2d(x, stage.PoolKernel, stage.PoolStride);
            }

            for (var c = 0; c < stage.Convs.Count; c++)
            {
                var (weight, bias) = Weights<T>(s, c);
                var conv = stage.Convs[c];
                x = UseBatchedGemm(x, conv) ? BatchedConv2dRelu(x, weight, bias, conv)
                    : !record && typeof(T) == typeof(float) ? (Tensor<T>)(object)network.PreparedConvs[s][c].Forward((Tensor<float>)(object)x, relu: true)
                    : Functional.Conv2dRelu(x, weight, bias, conv.Stride, conv.Padding);
            }

            taps[s] = x;
        }

        return taps;
    }

    // The engine's convolution runs one GEMM per image; on patch batches the late AlexNet layers have 1–9 output
    // positions per image, so that is a matrix-vector product per image re-reading megabytes of weights. There one
    // GEMM over the whole batch (im2col by views + Matmul, differentiable) is several times faster.
    private static bool UseBatchedGemm<T>(Tensor<T> x, LpipsConv conv)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Size(0) > 1 && OutputPositions(x, conv) <= BatchedGemmMaxPositions;

    private static int OutputPositions<T>(Tensor<T> x, LpipsConv conv)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        (((x.Size(2) + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1) * (((x.Size(3) + (2 * conv.Padding) - conv.Kernel) / conv.Stride) + 1);

    private const int BatchedGemmMaxPositions = 128;

    // Conv + bias + ReLU: columns [C·k·k, N·OH·OW] from k² strided views of the zero-padded input, one Matmul.
    private static Tensor<T> BatchedConv2dRelu<T>(Tensor<T> x, Tensor<T> weight, Tensor<T> bias, LpipsConv conv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (n, c, h, w) = (x.Size(0), x.Size(1), x.Size(2), x.Size(3));
        var (k, p, st) = (conv.Kernel, conv.Padding, conv.Stride);
        var (oh, ow) = (((h + (2 * p) - k) / st) + 1, ((w + (2 * p) - k) / st) + 1);
        var padded = x;
        if (p > 0)
        {
            var side = Tensor.Zeros<T>(n, c, h, p);
            padded = Tensor.Concat([side, x, side], 3);
            var band = Tensor.Zeros<T>(n, c, p, w + (2 * p));
            padded = Tensor.Concat([band, padded, band], 2);
        }

        var taps = new List<Tensor<T>>(k * k);
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                taps.Add(padded.Slice(2, i, i + (st * (oh - 1)) + 1, st).Slice(3, j, j + (st * (ow - 1)) + 1, st));
            }
        }

        var columns = Tensor.Stack(taps, 2).Permute(1, 2, 0, 3, 4).Reshape(c * k * k, n * oh * ow);
        var outChannels = conv.OutChannels;
        return weight.Reshape(outChannels, c * k * k).Matmul(columns)
            .Add(bias.Reshape(outChannels, 1))
            .Relu()
            .Reshape(outChannels, n, oh, ow)
            .Permute(1, 0, 2, 3)
            .Contiguous();
    }

    private (Tensor<T> Weight, Tensor<T> Bias) Weights<T>(int stage, int conv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var (w, b) = network.TrunkTensors[stage][conv];
            return ((Tensor<T>)(object)w, (Tensor<T>)(object)b);
        }

        if (typeof(T) == typeof(double))
        {
            var (w, b) = doubleTrunk.Value[stage][conv];
            return ((Tensor<T>)(object)w, (Tensor<T>)(object)b);
        }

        throw new NotSupportedException($"LPIPS loss: element type {typeof(T).Name} is not supported (use float or double).");
    }
}
