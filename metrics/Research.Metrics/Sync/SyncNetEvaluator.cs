using System.Numerics;
using Research.Media.Imaging;
using Research.Tensors;

namespace Research.Metrics.Sync;

/// <summary>
/// Sync-C / Sync-D of one clip exactly as syncnet_python's <c>SyncNetInstance.evaluate</c> computes them
/// (metrics.md §5.3): 25 fps frames, 16 kHz int16 audio, MFCC windows of 20 frames every 4, video windows of 5
/// frames every 1, min_length − 5 windows, ±15 offset search.
/// </summary>
public sealed class SyncNetEvaluator
{
    /// <summary>Audio samples per 25 fps video frame at 16 kHz.</summary>
    public const int SamplesPerFrame = 640;

    /// <summary>MFCC frames per video frame.</summary>
    public const int MfccFramesPerVideoFrame = 4;

    private readonly SyncNetModel model;

    /// <summary>Creates an evaluator over a loaded model.</summary>
    /// <param name="model">The network (see <see cref="SyncNetModel.Load"/>).</param>
    /// <param name="batchSize">Windows per forward pass (syncnet_python uses 20).</param>
    public SyncNetEvaluator(SyncNetModel model, int batchSize = 20)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        this.model = model;
        BatchSize = batchSize;
    }

    /// <summary>Windows per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>Number of windows for a clip: min(frames, ⌊samples/640⌋) − 5 (at least 0).</summary>
    /// <param name="frameCount">Video frames.</param>
    /// <param name="sampleCount">Audio samples at 16 kHz.</param>
    public static int WindowCount(int frameCount, int sampleCount) =>
        Math.Max(0, Math.Min(frameCount, sampleCount / SamplesPerFrame) - (SyncNetArchitecture.FramesPerWindow - 1) - 1);

    /// <summary>Scores one clip.</summary>
    /// <param name="frames">Video frames at 25 fps, RGB (3 channels; converted to BGR for the network).</param>
    /// <param name="samples">Mono int16 samples (see <see cref="SyncAudio.ToInt16"/>).</param>
    /// <param name="sampleRate">Must be 16000.</param>
    /// <param name="mode">Whole-frame resize or landmark face crop.</param>
    /// <param name="landmarks">68-point landmarks per frame; required for <see cref="SyncCropMode.FaceCrop"/>.</param>
    /// <param name="vshift">Offset search range (15 in every published script).</param>
    /// <exception cref="ArgumentException">Audio not 16 kHz, missing landmarks, non-RGB frames, or a clip too short for one window.</exception>
    public SyncScore Evaluate(IReadOnlyList<ByteImage> frames, short[] samples, int sampleRate, SyncCropMode mode, IReadOnlyList<Vector2[]>? landmarks = null, int vshift = SyncOffsetSearch.DefaultVShift)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(samples);
        SyncAudio.CheckFormat(sampleRate, 1);
        var windows = WindowCount(frames.Count, samples.Length);
        if (windows < 1)
        {
            throw new ArgumentException($"SyncNet: {frames.Count} frames and {samples.Length} samples give no 5-frame window; need at least 6 frames and {6 * SamplesPerFrame} samples.", nameof(frames));
        }

        var used = windows + SyncNetArchitecture.FramesPerWindow - 1;
        var clip = frames.Take(used).ToArray();
        if (clip.Any(f => f.Channels != 3))
        {
            throw new ArgumentException("SyncNet: frames must be 3-channel RGB images.", nameof(frames));
        }

        ByteImage[] crops;
        switch (mode)
        {
            case SyncCropMode.Resize224:
                crops = [.. clip.Select(SyncCrop.Resize224)];
                break;
            case SyncCropMode.FaceCrop:
                if (landmarks is null || landmarks.Count < frames.Count)
                {
                    throw new ArgumentException($"SyncNet: face-crop mode needs landmarks for every frame ({frames.Count}), got {landmarks?.Count ?? 0}.", nameof(landmarks));
                }

                // The box is smoothed over the whole clip (the track), as run_pipeline does, before the used frames are cropped.
                var boxes = SyncCrop.FaceBoxes(landmarks.Take(frames.Count).ToArray());
                crops = [.. clip.Select((f, i) => SyncCrop.FaceCrop(f, boxes[i]))];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown crop mode.");
        }
        var mfcc = Mfcc.Compute(samples, sampleRate);
        var (video, audio) = Embed(crops, mfcc, windows);
        return SyncOffsetSearch.Score(video, audio, vshift);
    }

    /// <summary>
    /// Lip and audio embeddings of the first <paramref name="windows"/> windows of 224×224 RGB crops and an MFCC matrix
    /// (frames × 13, as <see cref="Mfcc.Compute"/> returns it).
    /// </summary>
    /// <param name="crops">224×224 RGB crops, at least windows + 4.</param>
    /// <param name="mfcc">MFCCs, at least 4·(windows − 1) + 20 frames.</param>
    /// <param name="windows">Window count.</param>
    public (float[][] Video, float[][] Audio) Embed(IReadOnlyList<ByteImage> crops, double[,] mfcc, int windows)
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(mfcc);
        const int s = SyncNetArchitecture.CropSize;
        const int plane = s * s;
        if (crops.Count < windows + 4 || crops.Any(c => c.Width != s || c.Height != s || c.Channels != 3))
        {
            throw new ArgumentException($"SyncNet: need {windows + 4} 224×224 RGB crops, got {crops.Count}.", nameof(crops));
        }

        if (mfcc.GetLength(1) != Mfcc.CoefficientCount || mfcc.GetLength(0) < (MfccFramesPerVideoFrame * (windows - 1)) + SyncNetArchitecture.MfccFramesPerWindow)
        {
            throw new ArgumentException($"SyncNet: {mfcc.GetLength(0)} MFCC frames are too few for {windows} windows.", nameof(mfcc));
        }

        // BGR planes of each frame, raw 0–255 floats.
        var bgr = new float[crops.Count][];
        for (var f = 0; f < crops.Count; f++)
        {
            var px = crops[f].Pixels;
            var planes = new float[3 * plane];
            for (var i = 0; i < plane; i++)
            {
                planes[i] = px[(3 * i) + 2];
                planes[plane + i] = px[(3 * i) + 1];
                planes[(2 * plane) + i] = px[3 * i];
            }

            bgr[f] = planes;
        }

        var video = new float[windows][];
        var audio = new float[windows][];
        const int width = SyncNetArchitecture.MfccFramesPerWindow;
        const int coefficients = Mfcc.CoefficientCount;
        float[] a = [];
        for (var start = 0; start < windows; start += BatchSize)
        {
            var n = Math.Min(BatchSize, windows - start);
            if (a.Length != n * coefficients * width)
            {
                a = new float[n * coefficients * width];
            }

            for (var b = 0; b < n; b++)
            {
                for (var h = 0; h < coefficients; h++)
                {
                    for (var w = 0; w < width; w++)
                    {
                        a[(((b * coefficients) + h) * width) + w] = (float)mfcc[(MfccFramesPerVideoFrame * (start + b)) + w, h];
                    }
                }
            }

            var ve = model.ForwardLipWindows(bgr, start, n).ToArray();
            var ae = model.ForwardAudio(Tensor.FromArray(a, n, 1, coefficients, width)).ToArray();
            for (var b = 0; b < n; b++)
            {
                video[start + b] = ve.AsSpan(b * SyncNetArchitecture.EmbeddingSize, SyncNetArchitecture.EmbeddingSize).ToArray();
                audio[start + b] = ae.AsSpan(b * SyncNetArchitecture.EmbeddingSize, SyncNetArchitecture.EmbeddingSize).ToArray();
            }
        }

        return (video, audio);
    }
}
