using Research.Tensors;
using Research.Tensors.Kernels;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;
using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Metrics.Sync;

/// <summary>
/// syncnet_python's <c>SyncNetModel.S</c> (metrics.md §5.1) in eval mode: the audio stream
/// (<c>netcnnaud</c> + <c>netfcaud</c>, input N×1×13×20 MFCCs) and the lip stream (<c>netcnnlip</c> + <c>netfclip</c>,
/// input N×3×5×224×224 raw 0–255 BGR floats), each giving an un-normalised 1024-d embedding.
/// </summary>
/// <remarks>
/// The loaded tensors keep their PyTorch names (<see cref="Module{T}.NamedParameters"/> /
/// <see cref="Module{T}.NamedBuffers"/>). For speed each eval-mode batch norm is folded into the convolution or
/// linear layer before it (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β, computed in float64), which is the same function up to
/// float32 rounding; the k(1,·,·) Conv3d layers run as Conv2d on the single time step, the first Conv3d
/// (temporal kernel 5 over exactly 5 frames) as a Conv2d over 15 = 3·5 input channels, and the audio stream's
/// MaxPool2d(k 1, s 1) is the identity and is skipped.
/// </remarks>
public sealed class SyncNetModel : Module<float>
{
    private readonly FoldedLayer[] audio;
    private readonly FoldedLayer[] lip;
    private readonly FoldedLayer audioFc0;
    private readonly FoldedLayer audioFc3;
    private readonly FoldedLayer lipFc0;
    private readonly FoldedLayer lipFc3;

    // The first lip convolution with its K axis ordered (t, c, ky, kx), so that window i's im2col matrix is the
    // contiguous run of per-frame im2col blocks of frames i..i+4 (see ForwardLipWindows).
    private readonly float[] lipConv1Stacked;
    private readonly float[] lipConv1Bias;

    private SyncNetModel(IReadOnlyDictionary<string, float[]> state, string sourceName)
    {
        SourceName = sourceName;
        // Module tree stream → layer index → tensor, so NamedParameters / NamedBuffers give the PyTorch names.
        var streams = new Dictionary<string, SyncNetNode>(StringComparer.Ordinal);
        foreach (var (name, shape) in SyncNetArchitecture.ExpectedTensors)
        {
            var parts = name.Split('.');
            if (!streams.TryGetValue(parts[0], out var stream))
            {
                stream = streams[parts[0]] = RegisterModule(parts[0], new SyncNetNode());
            }

            stream.Child(parts[1]).Add(parts[2], Tensor.FromArray(state[name], shape), SyncNetArchitecture.IsBuffer(name));
        }

        FoldedLayer Conv(string stream, int index, int bn, int[]? reshape = null) => FoldedLayer.Create(state, $"{stream}.{index}", $"{stream}.{bn}", reshape);
        audio = [Conv("netcnnaud", 0, 1), Conv("netcnnaud", 4, 5), Conv("netcnnaud", 8, 9), Conv("netcnnaud", 11, 12), Conv("netcnnaud", 14, 15), Conv("netcnnaud", 18, 19)];
        lip =
        [
            Conv("netcnnlip", 0, 1, [96, 15, 7, 7]),
            Conv("netcnnlip", 4, 5, [256, 96, 5, 5]),
            Conv("netcnnlip", 8, 9, [256, 256, 3, 3]),
            Conv("netcnnlip", 11, 12, [256, 256, 3, 3]),
            Conv("netcnnlip", 14, 15, [256, 256, 3, 3]),
            Conv("netcnnlip", 18, 19, [512, 256, 6, 6]),
        ];
        audioFc0 = Conv("netfcaud", 0, 1);
        audioFc3 = FoldedLayer.Create(state, "netfcaud.3", null, null);
        lipFc0 = Conv("netfclip", 0, 1);
        lipFc3 = FoldedLayer.Create(state, "netfclip.3", null, null);
        var folded = lip[0].Weight.ToArray();
        lipConv1Stacked = new float[folded.Length];
        const int taps = 49;
        for (var o = 0; o < 96; o++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var t = 0; t < SyncNetArchitecture.FramesPerWindow; t++)
                {
                    folded.AsSpan((((o * 15) + (c * 5) + t) * taps), taps).CopyTo(lipConv1Stacked.AsSpan((((o * 15) + (t * 3) + c) * taps), taps));
                }
            }
        }

        lipConv1Bias = lip[0].Bias.ToArray();
        Eval();
    }

    /// <summary>The file (or source name) the weights came from.</summary>
    public string SourceName { get; }

    /// <summary>
    /// Loads <c>syncnet_v2.model</c> (a PyTorch state dict, legacy or zip format) or a safetensors file with the same
    /// tensor names (chosen by the <c>.safetensors</c> extension).
    /// </summary>
    /// <param name="path">The weight file.</param>
    /// <returns>The model in eval mode.</returns>
    /// <exception cref="FileNotFoundException">The file is missing; the message names the file, its source and licence.</exception>
    /// <exception cref="InvalidDataException">A tensor is missing or mis-shaped; the message names the file, every such tensor and its expected shape.</exception>
    public static SyncNetModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(SyncNetWeights.MissingMessage(path), path);
        }

        IReadOnlyList<SafetensorsTensor> tensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafetensorsFile.Read(path).Tensors
            : TorchCheckpoint.Read(path).Tensors;
        return FromTensors(tensors, path);
    }

    /// <summary>
    /// Like <see cref="Load"/>, but reports a missing or unreadable file as <see langword="false"/> with the message
    /// instead of throwing, so a harness can skip Sync-C / Sync-D with an explanation rather than fail.
    /// </summary>
    /// <param name="path">The weight file.</param>
    /// <param name="model">The model, or <see langword="null"/>.</param>
    /// <param name="message">Why loading failed, or <see langword="null"/>.</param>
    public static bool TryLoad(string path, out SyncNetModel? model, out string? message)
    {
        try
        {
            model = Load(path);
            message = null;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            model = null;
            message = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Builds the model from named tensors (any float dtype). Every expected name must be present with its exact
    /// shape; <c>num_batches_tracked</c> and other extra names are ignored, as syncnet_python's
    /// <c>loadParameters</c> ignores names it does not know.
    /// </summary>
    /// <param name="tensors">State-dict tensors.</param>
    /// <param name="sourceName">File name for messages.</param>
    /// <exception cref="InvalidDataException">Missing or mis-shaped tensors (all listed).</exception>
    public static SyncNetModel FromTensors(IEnumerable<SafetensorsTensor> tensors, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(sourceName);
        var byName = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            byName[t.Name] = t;
        }

        var problems = new List<string>();
        var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, shape) in SyncNetArchitecture.ExpectedTensors)
        {
            if (!byName.TryGetValue(name, out var t))
            {
                problems.Add($"missing tensor '{name}' (expected shape [{string.Join(", ", shape)}])");
            }
            else if (!t.Shape.SequenceEqual(shape))
            {
                problems.Add($"tensor '{name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}]");
            }
            else
            {
                try
                {
                    state[name] = t.ToFloat32();
                }
                catch (InvalidOperationException e)
                {
                    problems.Add($"tensor '{name}': {e.Message}");
                }
                catch (NotSupportedException e)
                {
                    problems.Add($"tensor '{name}': {e.Message}");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"SyncNet weights '{sourceName}' do not match syncnet_python's SyncNetModel.S ({SyncNetWeights.FileName}): {string.Join("; ", problems)}.");
        }

        return new SyncNetModel(state, sourceName);
    }

    /// <summary><c>forward_aud</c>: MFCC windows N×1×13×20 to N×1024 embeddings.</summary>
    /// <param name="mfcc">Input, contiguous or not.</param>
    public Tensor<float> ForwardAudio(Tensor<float> mfcc)
    {
        ArgumentNullException.ThrowIfNull(mfcc);
        if (mfcc.Rank != 4 || mfcc.Shape[1] != 1 || mfcc.Shape[2] != Mfcc.CoefficientCount || mfcc.Shape[3] != SyncNetArchitecture.MfccFramesPerWindow)
        {
            throw new ArgumentException($"SyncNet audio stream: input [{string.Join(", ", mfcc.Shape)}] must be N×1×13×20.", nameof(mfcc));
        }

        using var _ = new NoGrad();
        var x = audio[0].Conv(mfcc, 1, 1);
        x = audio[1].Conv(x, 1, 1);
        x = Functional.MaxPool2d(x, (3, 3), (1, 2), (0, 0));
        x = audio[2].Conv(x, 1, 1);
        x = audio[3].Conv(x, 1, 1);
        x = audio[4].Conv(x, 1, 1);
        x = Functional.MaxPool2d(x, 3, 2);
        x = audio[5].Conv(x, 1, 0);
        return Head(x, audioFc0, audioFc3);
    }

    /// <summary><c>forward_lip</c>: video windows N×3×5×224×224 (C, T, H, W; raw 0–255 BGR) to N×1024 embeddings.</summary>
    /// <param name="video">Input, contiguous or not.</param>
    public Tensor<float> ForwardLip(Tensor<float> video)
    {
        ArgumentNullException.ThrowIfNull(video);
        const int s = SyncNetArchitecture.CropSize;
        if (video.Rank != 5 || video.Shape[1] != 3 || video.Shape[2] != SyncNetArchitecture.FramesPerWindow || video.Shape[3] != s || video.Shape[4] != s)
        {
            throw new ArgumentException($"SyncNet lip stream: input [{string.Join(", ", video.Shape)}] must be N×3×5×224×224 (crop the frames to 224×224 first).", nameof(video));
        }

        using var _ = new NoGrad();
        var x = video.Reshape(video.Shape[0], 15, s, s);
        x = lip[0].Conv(x, 2, 0);
        return LipAfterFirstPool(Functional.MaxPool2d(x, 3, 2));
    }

    /// <summary>
    /// <see cref="ForwardLip"/> for <paramref name="count"/> consecutive windows of a clip, computed without
    /// repeating work shared by overlapping windows: each frame is unfolded (im2col of the first convolution) once,
    /// and window i's first convolution is one GEMM over the unfolded frames i..i+4.
    /// </summary>
    /// <param name="frames">Per frame, BGR planes of raw 0–255 values: 3 × 224 × 224 floats (B plane first).</param>
    /// <param name="first">First window (= first frame) index.</param>
    /// <param name="count">Windows; frames first..first+count+3 must exist.</param>
    /// <returns>count × 1024 embeddings.</returns>
    public Tensor<float> ForwardLipWindows(IReadOnlyList<float[]> frames, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(frames);
        const int s = SyncNetArchitecture.CropSize, plane = s * s, side = 109, positions = side * side, rows = 3 * 49;
        const int window = SyncNetArchitecture.FramesPerWindow;
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var frameCount = count + window - 1;
        if (first + frameCount > frames.Count)
        {
            throw new ArgumentException($"SyncNet lip stream: {count} windows from frame {first} need {first + frameCount} frames, got {frames.Count}.", nameof(frames));
        }

        for (var f = first; f < first + frameCount; f++)
        {
            if (frames[f] is null || frames[f].Length != 3 * plane)
            {
                throw new ArgumentException($"SyncNet lip stream: frame {f} must hold 3 × 224 × 224 BGR values, got {frames[f]?.Length ?? 0}.", nameof(frames));
            }
        }

        var columns = System.Buffers.ArrayPool<float>.Shared.Rent(frameCount * rows * positions);
        const int pooled = 54, pooledPlane = pooled * pooled;
        var output = new float[count * 96 * pooledPlane];
        var scratch = System.Buffers.ArrayPool<float>.Shared.Rent(96 * positions);
        try
        {
            // im2col of the 7×7 stride-2 convolution, rows (c, ky, kx), one block of 147 rows per frame.
            ComputeThreads.For(frameCount * rows, 16, (_, start, end) =>
            {
                for (var job = start; job < end; job++)
                {
                    var (f, r) = (job / rows, job % rows);
                    var (c, ky, kx) = (r / 49, r / 7 % 7, r % 7);
                    var src = frames[first + f];
                    var dst = columns.AsSpan(((f * rows) + r) * positions, positions);
                    for (var oy = 0; oy < side; oy++)
                    {
                        var line = (c * plane) + (((2 * oy) + ky) * s) + kx;
                        for (var ox = 0; ox < side; ox++)
                        {
                            dst[(oy * side) + ox] = src[line + (2 * ox)];
                        }
                    }
                }
            });

            // Per window: one GEMM into a scratch plane set, then MaxPool3d(1,3,3)/(1,2,2) fused with bias and ReLU
            // (both commute with the max, so they run on the 4× smaller pooled map).
            for (var i = 0; i < count; i++)
            {
                Gemm.Multiply(false, false, 96, positions, window * rows, 1f, lipConv1Stacked, window * rows, columns.AsSpan(i * rows * positions, window * rows * positions), positions, 0f, scratch, positions);
                var windowIndex = i;
                ComputeThreads.For(96, 8, (_, start, end) =>
                {
                    Span<float> vertical = stackalloc float[side];
                    for (var o = start; o < end; o++)
                    {
                        var map = scratch.AsSpan(o * positions, positions);
                        var dst = output.AsSpan(((windowIndex * 96) + o) * pooledPlane, pooledPlane);
                        for (var py = 0; py < pooled; py++)
                        {
                            TP.Max(map.Slice(2 * py * side, side), map.Slice(((2 * py) + 1) * side, side), vertical);
                            TP.Max(vertical, map.Slice(((2 * py) + 2) * side, side), vertical);
                            for (var px = 0; px < pooled; px++)
                            {
                                dst[(py * pooled) + px] = MathF.Max(MathF.Max(vertical[2 * px], vertical[(2 * px) + 1]), vertical[(2 * px) + 2]);
                            }
                        }

                        var row = dst;
                        TP.Add(row, lipConv1Bias[o], row);
                        TP.Max(row, 0f, row);
                    }
                });
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(columns);
            System.Buffers.ArrayPool<float>.Shared.Return(scratch);
        }

        using var _ = new NoGrad();
        return LipAfterFirstPool(Tensor.FromArray(output, count, 96, pooled, pooled));
    }

    private Tensor<float> LipAfterFirstPool(Tensor<float> x)
    {
        x = lip[1].Conv(x, 2, 1);
        x = Functional.MaxPool2d(x, 3, 2, 1);
        x = lip[2].Conv(x, 1, 1);
        x = lip[3].Conv(x, 1, 1);
        x = lip[4].Conv(x, 1, 1);
        x = Functional.MaxPool2d(x, 3, 2);
        x = lip[5].Conv(x, 1, 0);
        return Head(x, lipFc0, lipFc3);
    }

    private static Tensor<float> Head(Tensor<float> x, FoldedLayer fc0, FoldedLayer fc3)
    {
        x = x.Reshape(x.Shape[0], -1);
        x = Functional.Linear(x, fc0.Weight, fc0.Bias).Relu();
        return Functional.Linear(x, fc3.Weight, fc3.Bias);
    }
}
