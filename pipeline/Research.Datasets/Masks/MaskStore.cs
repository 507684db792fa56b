using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.IO;
using Research.Media.Png;

namespace Research.Datasets.Masks;

/// <summary>
/// The folder the <c>masks</c> stage writes: <c>masks/&lt;i&gt;.png</c> (8-bit gray, one <see cref="MaskLayers"/>
/// bit per mask) and <c>rects.json</c> (per-frame lips and lower-half rectangles, inner-lip heights and the
/// per-split mouth bounds). Frames are read on demand.
/// </summary>
public sealed class MaskStore
{
    /// <summary>Folder of mask PNGs.</summary>
    public const string MasksFolder = "masks";

    /// <summary>Rectangles and mouth bounds.</summary>
    public const string RectsFile = "rects.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly string _directory;

    private MaskStore(string directory, MaskRects rects)
    {
        _directory = directory;
        Rects = rects;
    }

    /// <summary>Rectangles and bounds of every frame.</summary>
    public MaskRects Rects { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount => Rects.LipsRect.Count;

    /// <summary>Path of frame <paramref name="index"/>'s mask PNG.</summary>
    public static string MaskPath(string directory, int index) =>
        Path.Combine(directory, MasksFolder, index.ToString(CultureInfo.InvariantCulture) + ".png");

    /// <summary>Packs one frame's masks into a gray image of <see cref="MaskLayers"/> bits.</summary>
    public static ByteImage Pack(FrameMasks masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        var image = new ByteImage(masks.Width, masks.Height, 1);
        var pixels = image.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            var bits = MaskLayers.None;
            bits |= masks.Face[i] ? MaskLayers.Face : MaskLayers.None;
            bits |= masks.Hair[i] ? MaskLayers.Hair : MaskLayers.None;
            bits |= masks.Mouth[i] ? MaskLayers.Mouth : MaskLayers.None;
            bits |= masks.Teeth[i] ? MaskLayers.Teeth : MaskLayers.None;
            bits |= masks.Neck[i] ? MaskLayers.Neck : MaskLayers.None;
            bits |= masks.Torso[i] ? MaskLayers.Torso : MaskLayers.None;
            bits |= masks.Background[i] ? MaskLayers.Background : MaskLayers.None;
            pixels[i] = (byte)bits;
        }

        return image;
    }

    /// <summary>Writes frame <paramref name="index"/>'s packed masks.</summary>
    public static void WriteFrame(string directory, int index, FrameMasks masks) => PngFile.Write(MaskPath(directory, index), Pack(masks));

    /// <summary>Writes <c>rects.json</c> atomically.</summary>
    public static void WriteRects(string directory, MaskRects rects) =>
        AtomicFile.WriteAllText(Path.Combine(directory, RectsFile), JsonSerializer.Serialize(rects, JsonOptions) + "\n");

    /// <summary>Opens a folder written by the <c>masks</c> stage.</summary>
    public static MaskStore Open(string directory)
    {
        var path = Path.Combine(directory, RectsFile);
        if (!File.Exists(path))
        {
            throw new MediaFormatException(path, "missing: this is not a masks folder.");
        }

        var rects = JsonSerializer.Deserialize<MaskRects>(File.ReadAllText(path), JsonOptions)
            ?? throw new MediaFormatException(path, "empty rectangles file.");
        return new MaskStore(directory, rects);
    }

    /// <summary>The packed <see cref="MaskLayers"/> of frame <paramref name="index"/>, one byte per pixel.</summary>
    public ByteImage LoadPacked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        var path = MaskPath(_directory, index);
        var image = PngFile.Read(path);
        return image.Channels == 1 ? image : throw new MediaFormatException(path, $"expected an 8-bit gray mask, got {image.Channels} channels.");
    }

    /// <summary>One mask of frame <paramref name="index"/> as booleans, row-major.</summary>
    public bool[] Load(int index, MaskLayers layer)
    {
        var pixels = LoadPacked(index).Pixels;
        var mask = new bool[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            mask[i] = (pixels[i] & (byte)layer) != 0;
        }

        return mask;
    }
}
