using System.Text.Json;
using Research.Datasets.AudioFeatures;
using Research.Media.Imaging;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Media;

namespace Research.Datasets.Prepared;

/// <summary>
/// A prepared dataset on disk: <c>dataset.json</c>, <c>frames/&lt;i&gt;.png</c>, <c>audio.wav</c>, and a features
/// folder holding <c>features.npy</c> of shape [N, 16, C]. Frames are decoded on demand.
/// </summary>
public sealed class PreparedDataset : ITalkingHeadData
{
    /// <summary>File name of the metadata.</summary>
    public const string InfoFile = "dataset.json";

    /// <summary>Folder of frames.</summary>
    public const string FramesFolder = "frames";

    /// <summary>Audio file name.</summary>
    public const string AudioFile = "audio.wav";

    /// <summary>Feature file name.</summary>
    public const string FeaturesFile = "features.npy";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };
    private readonly string _framesDirectory;

    private PreparedDataset(string directory, PreparedDatasetInfo info, FeatureWindows features)
    {
        Directory = directory;
        Info = info;
        AudioFeatures = features;
        _framesDirectory = Path.Combine(directory, FramesFolder);
        TrainFrames = [.. Enumerable.Range(0, info.TrainCount)];
        TestFrames = [.. Enumerable.Range(info.TrainCount, info.FrameCount - info.TrainCount)];
    }

    /// <summary>The prepared folder.</summary>
    public string Directory { get; }

    /// <summary>The metadata.</summary>
    public PreparedDatasetInfo Info { get; }

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

    /// <summary>Path of a frame's PNG.</summary>
    public static string FramePath(string datasetDirectory, int index) =>
        Path.Combine(datasetDirectory, FramesFolder, index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png");

    /// <summary>Opens a prepared folder and its feature folder.</summary>
    public static PreparedDataset Open(string directory, string featuresDirectory)
    {
        var info = ReadInfo(directory);
        var npy = NpyFile.Read(Path.Combine(featuresDirectory, FeaturesFile));
        if (npy.Rank != 3 || npy.Shape[0] != info.FrameCount)
        {
            throw new MediaFormatException(Path.Combine(featuresDirectory, FeaturesFile), $"expected features of shape [{info.FrameCount}, steps, channels], got [{string.Join(", ", npy.Shape)}].");
        }

        var features = new FeatureWindows(npy.Shape[0], npy.Shape[1], npy.Shape[2], npy.ToFloat32());
        return new PreparedDataset(directory, info, features);
    }

    /// <summary>Reads <c>dataset.json</c>.</summary>
    public static PreparedDatasetInfo ReadInfo(string directory)
    {
        var path = Path.Combine(directory, InfoFile);
        return JsonSerializer.Deserialize<PreparedDatasetInfo>(File.ReadAllText(path), JsonOptions)
            ?? throw new MediaFormatException(path, "empty dataset description.");
    }

    /// <summary>Writes <c>dataset.json</c>.</summary>
    public static void WriteInfo(string directory, PreparedDatasetInfo info) =>
        File.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, JsonOptions) + "\n");

    /// <inheritdoc />
    public ByteImage LoadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        var image = PngFile.Read(Path.Combine(_framesDirectory, index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png"));
        if (image.Width != Width || image.Height != Height || image.Channels != 3)
        {
            throw new MediaFormatException(FramePath(Directory, index), $"expected a {Width}x{Height} RGB frame, got {image.Width}x{image.Height}x{image.Channels}.");
        }

        return image;
    }
}
