using Research.Datasets.AudioFeatures;
using Research.Datasets.Masks;
using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Splatting.Cameras;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// Per-frame inputs of TalkingGaussian built from an <see cref="ITalkingHeadScene"/> (notes §1 "Derived per-frame
/// data"), decoded on demand and kept in a bounded cache so small clips decode each frame once.
/// </summary>
internal sealed class SceneFrames
{
    /// <summary>AU columns of the face network's expression input, in order (notes §1 step 10).</summary>
    public static readonly string[] ExpressionColumns = ["AU01_r", "AU04_r", "AU05_r", "AU06_r", "AU07_r", "AU45_r"];

    private const long CacheFloats = 64L << 20;
    private readonly ITalkingHeadScene data;
    private readonly double[][] expression;
    private readonly Dictionary<(int, bool), SceneFrame> cache = [];
    private long cachedFloats;

    public SceneFrames(ITalkingHeadScene data, int window)
    {
        this.data = data;
        Window = window;
        var table = data.ActionUnits ?? throw new InvalidOperationException("talking-gaussian needs OpenFace action units (au.csv, one row per frame); see docs/datasets.md.");
        if (table.RowCount < data.FrameCount)
        {
            throw new InvalidOperationException($"talking-gaussian: {table.Source} has {table.RowCount} rows for {data.FrameCount} frames.");
        }

        expression = [.. ExpressionColumns.Select(table.Column)];
        Au25 = table.Column("AU25_r");
        Au45 = table.Column("AU45_r");
        AudioChannels = data.AudioFeatures.Columns;
        AudioSteps = data.AudioFeatures.Steps;
    }

    public ITalkingHeadScene Data => data;

    public int Window { get; }

    public int AudioChannels { get; }

    public int AudioSteps { get; }

    public double[] Au25 { get; }

    public double[] Au45 { get; }

    public int Width => data.Width;

    public int Height => data.Height;

    public MaskStore Masks => data.Masks ?? throw new InvalidOperationException("talking-gaussian needs the masks stage (parsing maps and landmarks); the dataset has none.");

    /// <summary>The rasterizer camera of frame <paramref name="index"/>.</summary>
    public Camera Camera(int index)
    {
        var c = data.Camera(index);
        return Splatting.Cameras.Camera.FromFocal(data.Width, data.Height, c.FocalLength, new Matrix4d(c.CameraToWorld));
    }

    /// <summary>3DGS getNerfppNorm radius: 1.1 × the largest distance of a training camera centre from their mean.</summary>
    public double CameraExtent(IReadOnlyList<int> frames)
    {
        var centres = frames.Select(i => Camera(i).Center).ToArray();
        var (mx, my, mz) = (centres.Average(c => c.X), centres.Average(c => c.Y), centres.Average(c => c.Z));
        var max = centres.Max(c => Math.Sqrt(((c.X - mx) * (c.X - mx)) + ((c.Y - my) * (c.Y - my)) + ((c.Z - mz) * (c.Z - mz))));
        return 1.1 * max;
    }

    public SceneFrame Get(int index, bool training)
    {
        if (cache.TryGetValue((index, training), out var cached))
        {
            return cached;
        }

        var frame = new SceneFrame(
            index,
            Camera(index),
            AudioWindow(data.AudioFeatures, index),
            Expression(index),
            training ? Planar(data.LoadFrame(index)) : null,
            Planar(data.LoadTorsoBackground(index)),
            training ? LoadMasks(index) : null);
        var floats = (long)data.Width * data.Height * (training ? 7 : 3);
        if (cachedFloats + floats <= CacheFloats)
        {
            cache[(index, training)] = frame;
            cachedFloats += floats;
        }

        return frame;
    }

    /// <summary>Mouth-mask pixel count of every frame in <paramref name="frames"/> (mouth sampler).</summary>
    public int[] MouthPixelCounts(IReadOnlyList<int> frames) =>
        [.. frames.Select(i => Masks.LoadPacked(i).Pixels.Count(p => (p & (byte)MaskLayers.Mouth) != 0))];

    public static float[] Planar(ByteImage image)
    {
        var rgb = image.ToRgb();
        var n = rgb.Width * rgb.Height;
        var result = new float[3 * n];
        var pixels = rgb.Pixels;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                result[(c * n) + i] = pixels[(3 * i) + c] / 255f;
            }
        }

        return result;
    }

    /// <summary>Planar [3, H, W] to interleaved H×W×3.</summary>
    public static float[] Interleaved(ReadOnlySpan<float> planar, int width, int height)
    {
        var n = width * height;
        var result = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                result[(3 * i) + c] = planar[(c * n) + i];
            }
        }

        return result;
    }

    private FrameMasks LoadMasks(int index)
    {
        var store = Masks;
        var packed = store.LoadPacked(index);
        PixelMask Layer(MaskLayers layer) =>
            PixelMask.FromBooleans(packed.Width, packed.Height, [.. packed.Pixels.Select(p => (p & (byte)layer) != 0)]);
        var lips = store.Rects.LipsRect[index];
        var lower = store.Rects.LowerHalfRect[index];
        return new FrameMasks
        {
            Face = Layer(MaskLayers.Face),
            Hair = Layer(MaskLayers.Hair),
            Mouth = Layer(MaskLayers.Mouth),
            Neck = Layer(MaskLayers.Neck),
            Torso = Layer(MaskLayers.Torso),
            Background = Layer(MaskLayers.Background),
            Teeth = Layer(MaskLayers.Teeth),
            LipsRect = new LandmarkRect(lips[0], lips[1], lips[2], lips[3]),
            LowerHalfRect = new LandmarkRect(lower[0], lower[1], lower[2], lower[3]),
        };
    }

    /// <summary>
    /// The [8, C, W] audio input of frame <paramref name="index"/> of <paramref name="features"/> (the dataset's own, or
    /// novel audio). Official get_audio_features(att_mode = 2): frames [i − 4, i + 4), zero-padded at the clip ends;
    /// each window [steps, C] is transposed to the [C, W] layout AudioNet convolves over.
    /// </summary>
    public Tensor<float> AudioWindow(FeatureWindows features, int index)
    {
        var (c, w) = (features.Columns, features.Steps);
        var result = new float[Window * c * w];
        var half = Window / 2;
        for (var k = 0; k < Window; k++)
        {
            var f = index - half + k;
            if (f < 0 || f >= features.Frames)
            {
                continue;
            }

            var window = features.Window(f);
            for (var s = 0; s < w; s++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    result[(((k * c) + ch) * w) + s] = window[(s * c) + ch];
                }
            }
        }

        return Tensor.FromArray(result, Window, c, w);
    }

    private Tensor<float> Expression(int index)
    {
        var values = new float[ExpressionColumns.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var v = expression[k][index];
            values[k] = (float)(k == values.Length - 1 ? Math.Clamp(v, 0, 2) : v);
        }

        return Tensor.FromArray(values, 1, values.Length);
    }
}
