using System.Text.Json;
using Research.Datasets.AudioFeatures;
using Research.Datasets.Background;
using Research.Datasets.ErNerf;
using Research.Datasets.Masks;
using Research.Datasets.Streaming;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.IO;
using Research.Media.Npy;

namespace Research.Datasets.Prepared;

/// <summary>
/// A prepared dataset: a folder in the ER-NeRF layout plus <c>dataset.json</c>, the audio feature windows
/// (<c>features.npy</c>, [N, steps, C]) and, when the dataset has parsing maps, the <c>masks</c> stage's output.
/// Frames are decoded on demand through a bounded cache, never all preloaded.
/// </summary>
public sealed class PreparedDataset : ITalkingHeadScene
{
    /// <summary>File name of the metadata.</summary>
    public const string InfoFile = "dataset.json";

    /// <summary>Feature file name.</summary>
    public const string FeaturesFile = "features.npy";

    /// <summary>Default byte budget of the decoded-frame cache (about 330 frames at 512², 13 000 at 128²).</summary>
    public const long DefaultFrameCacheBytes = 256L << 20;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private readonly FrameCache<int, ByteImage> _frames;
    private readonly Lazy<Dictionary<int, FrameCamera>> _cameras;
    private readonly Lazy<ByteImage> _plate;

    private PreparedDataset(string directory, PreparedDatasetInfo info, ErNerfDataset layout, FeatureWindows features, MaskStore? masks, long frameCacheBytes)
    {
        Directory = directory;
        Info = info;
        Layout = layout;
        AudioFeatures = features;
        Masks = masks;
        TrainFrames = [.. Enumerable.Range(0, info.TrainCount)];
        TestFrames = [.. Enumerable.Range(info.TrainCount, info.FrameCount - info.TrainCount)];
        _frames = new FrameCache<int, ByteImage>(frameCacheBytes, layout.LoadGroundTruth, image => image.Pixels.LongLength);
        _cameras = new Lazy<Dictionary<int, FrameCamera>>(() => ReadCameras(layout));
        _plate = new Lazy<ByteImage>(() => layout.LoadBackground().ToRgb());
    }

    /// <summary>The prepared folder.</summary>
    public string Directory { get; }

    /// <summary>The metadata.</summary>
    public PreparedDatasetInfo Info { get; }

    /// <summary>Everything else the dataset holds: parsing, landmarks, cameras, torso images, action units.</summary>
    public ErNerfDataset Layout { get; }

    /// <inheritdoc />
    public MaskStore? Masks { get; }

    /// <inheritdoc />
    public ActionUnitTable? ActionUnits => Layout.ActionUnits;

    /// <inheritdoc />
    public int FrameCount => Info.FrameCount;

    /// <inheritdoc />
    public int Width => Info.Width;

    /// <inheritdoc />
    public int Height => Info.Height;

    /// <inheritdoc />
    public double Fps => Info.Fps;

    /// <inheritdoc />
    public IReadOnlyList<int> TrainFrames { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> TestFrames { get; }

    /// <inheritdoc />
    public FeatureWindows AudioFeatures { get; }

    /// <summary>Opens a prepared folder, its feature folder and (optionally) its masks folder.</summary>
    public static PreparedDataset Open(string directory, string featuresDirectory, string? masksDirectory = null, long frameCacheBytes = DefaultFrameCacheBytes)
    {
        var info = ReadInfo(directory);
        var layout = OpenLayout(directory, info);
        var featuresPath = Path.Combine(featuresDirectory, FeaturesFile);
        var npy = NpyFile.Read(featuresPath);
        if (npy.Rank != 3 || npy.Shape[0] != info.FrameCount)
        {
            throw new MediaFormatException(featuresPath, $"expected features of shape [{info.FrameCount}, steps, channels], got [{string.Join(", ", npy.Shape)}].");
        }

        var features = new FeatureWindows(npy.Shape[0], npy.Shape[1], npy.Shape[2], npy.ToFloat32());
        var masks = masksDirectory is null ? null : MaskStore.Open(masksDirectory);
        return new PreparedDataset(directory, info, layout, features, masks, frameCacheBytes);
    }

    /// <summary>Opens the ER-NeRF layout of a prepared folder with the frame rate and parsing order recorded in it.</summary>
    public static ErNerfDataset OpenLayout(string directory) => OpenLayout(directory, ReadInfo(directory));

    /// <summary>Reads <c>dataset.json</c>.</summary>
    public static PreparedDatasetInfo ReadInfo(string directory)
    {
        var path = Path.Combine(directory, InfoFile);
        return JsonSerializer.Deserialize<PreparedDatasetInfo>(File.ReadAllText(path), JsonOptions)
            ?? throw new MediaFormatException(path, "empty dataset description.");
    }

    /// <summary>Writes <c>dataset.json</c> atomically.</summary>
    public static void WriteInfo(string directory, PreparedDatasetInfo info) =>
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, JsonOptions) + "\n");

    /// <summary>The ground-truth frame: <c>gt_imgs</c> (background replaced by the plate) when present, else <c>ori_imgs</c>; RGB.</summary>
    public ByteImage LoadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return _frames.Get(index);
    }

    /// <inheritdoc />
    public FrameCamera Camera(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return _cameras.Value.TryGetValue(index, out var camera)
            ? camera
            : throw new InvalidOperationException($"{Directory}: transforms_train.json / transforms_val.json have no camera for frame {index}; 3D methods need the face-tracking cameras (docs/datasets.md).");
    }

    /// <inheritdoc />
    public ByteImage LoadTorsoBackground(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return Layout.HasTorso ? TorsoComposite.OverPlate(Layout.LoadTorso(index), _plate.Value) : _plate.Value;
    }

    private static Dictionary<int, FrameCamera> ReadCameras(ErNerfDataset layout)
    {
        var cameras = new Dictionary<int, FrameCamera>();
        foreach (var document in (ReadOnlySpan<TransformsDocument?>)[layout.Train, layout.Val])
        {
            if (document is null)
            {
                continue;
            }

            foreach (var frame in document.Frames)
            {
                cameras[frame.ImageId] = new FrameCamera(document.FocalLength, document.Cx, document.Cy, frame.TransformMatrix);
            }
        }

        return cameras;
    }

    private static ErNerfDataset OpenLayout(string directory, PreparedDatasetInfo info) => ErNerfDataset.Open(directory, new ErNerfImportOptions
    {
        Fps = info.Fps,
        ParsingChannelOrder = info.ParsingOrder switch
        {
            "rgb" => ParsingChannelOrder.Rgb,
            "bgr" => ParsingChannelOrder.Bgr,
            _ => null,
        },
    });
}
