using System.Globalization;
using System.Numerics;
using Research.Media;
using Research.Media.Audio;
using Research.Media.Imaging;
using Research.Media.Npy;
using Research.Media.Wav;

namespace Research.Datasets.ErNerf;

/// <summary>
/// A dataset folder in the layout ER-NeRF / TalkingGaussian preprocessing writes (see <see cref="ErNerfLayout"/>),
/// real or synthetic. Opening indexes the folders and reads the small files (transforms, a few parsing maps to detect
/// their channel order); frames, masks and features are read only when asked for, never all at once.
/// </summary>
/// <remarks>
/// Real-world quirks handled: frames as <c>.jpg</c> or <c>.png</c> (dispatched on magic bytes), parsing maps saved in
/// BGR order (detected and normalised to RGB), OpenFace headers with or without leading spaces, audio features named
/// <c>aud_ds.npy</c>, <c>aud_hu.npy</c>, <c>aud_eo.npy</c> or a bare <c>aud.npy</c>, and optional parts that are absent
/// (teeth masks, torso, gt images, background, AUs, parsing), reported through the <c>Has…</c> flags.
/// </remarks>
public sealed class ErNerfDataset
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    private readonly FrameFolder original;
    private readonly FrameFolder? landmarks;
    private readonly FrameFolder? parsing;
    private readonly FrameFolder? teeth;
    private readonly FrameFolder? torso;
    private readonly FrameFolder? groundTruth;
    private readonly Lazy<ActionUnitTable?> actionUnits;

    private ErNerfDataset(string directory, ErNerfImportOptions options, FrameFolder original)
    {
        Directory = directory;
        Options = options;
        this.original = original;
        FrameCount = original.ContiguousCount;
        Fps = options.Fps;
        (Width, Height) = ErNerfImages.ReadSize(original.PathOf(0)!);

        landmarks = FrameFolder.Scan(original.Path, [ErNerfLayout.LandmarkExtension]) is { Count: > 0 } lms ? lms : null;
        parsing = FrameFolder.Scan(Path.Combine(directory, ErNerfLayout.Parsing), [".png"]);
        teeth = FrameFolder.Scan(Path.Combine(directory, ErNerfLayout.TeethMasks), [".npy"]);
        torso = FrameFolder.Scan(Path.Combine(directory, ErNerfLayout.TorsoImages), [".png"]);
        groundTruth = FrameFolder.Scan(Path.Combine(directory, ErNerfLayout.GroundTruthImages), ImageExtensions);

        BackgroundPath = ImageExtensions.Select(e => Path.Combine(directory, ErNerfLayout.BackgroundStem + e)).FirstOrDefault(File.Exists);
        AudioPath = ExistingFile(ErNerfLayout.Audio);
        ActionUnitsPath = ExistingFile(ErNerfLayout.ActionUnits);
        AudioFeatureFiles = [.. ErNerfLayout.AudioFeatureFiles.Where(f => File.Exists(Path.Combine(directory, f)))];
        actionUnits = new Lazy<ActionUnitTable?>(() => ActionUnitsPath is null ? null : OpenFaceCsv.Read(ActionUnitsPath));
    }

    /// <summary>The dataset folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The options it was opened with.</summary>
    public ErNerfImportOptions Options { get; }

    /// <summary>Frames <c>ori_imgs/0 … N−1</c> (the run without a gap).</summary>
    public int FrameCount { get; }

    /// <summary>Width of frame 0.</summary>
    public int Width { get; }

    /// <summary>Height of frame 0.</summary>
    public int Height { get; }

    /// <summary>Frame rate (from the options; the layout does not store it).</summary>
    public double Fps { get; }

    /// <summary><c>transforms_train.json</c>, or null when absent.</summary>
    public TransformsDocument? Train { get; private set; }

    /// <summary><c>transforms_val.json</c>, or null when absent.</summary>
    public TransformsDocument? Val { get; private set; }

    /// <summary>Image ids of the training cameras (empty without <see cref="Train"/>).</summary>
    public IReadOnlyList<int> TrainIds { get; private set; } = [];

    /// <summary>Image ids of the held-out cameras (empty without <see cref="Val"/>).</summary>
    public IReadOnlyList<int> ValIds { get; private set; } = [];

    /// <summary>Whether <c>ori_imgs/&lt;i&gt;.lms</c> files exist.</summary>
    public bool HasLandmarks => landmarks is not null;

    /// <summary>Whether the <c>parsing</c> folder exists.</summary>
    public bool HasParsing => parsing is not null;

    /// <summary>Whether the <c>teeth_mask</c> folder exists.</summary>
    public bool HasTeethMasks => teeth is not null;

    /// <summary>Whether the <c>torso_imgs</c> folder exists.</summary>
    public bool HasTorso => torso is not null;

    /// <summary>Whether the <c>gt_imgs</c> folder exists.</summary>
    public bool HasGroundTruth => groundTruth is not null;

    /// <summary>Whether <c>bc.jpg</c> or <c>bc.png</c> exists.</summary>
    public bool HasBackground => BackgroundPath is not null;

    /// <summary>Whether <c>au.csv</c> exists.</summary>
    public bool HasActionUnits => ActionUnitsPath is not null;

    /// <summary>Whether <c>aud.wav</c> exists.</summary>
    public bool HasAudio => AudioPath is not null;

    /// <summary>The background plate, or null.</summary>
    public string? BackgroundPath { get; }

    /// <summary><c>aud.wav</c>, or null.</summary>
    public string? AudioPath { get; }

    /// <summary><c>au.csv</c>, or null.</summary>
    public string? ActionUnitsPath { get; }

    /// <summary>The audio feature files present, in order of preference (names only).</summary>
    public IReadOnlyList<string> AudioFeatureFiles { get; }

    /// <summary>The audio feature file used (full path), or null when there is none.</summary>
    public string? AudioFeatureFile { get; private set; }

    /// <summary>Channel order of the parsing maps on disk (null without parsing maps); loaders normalise to RGB.</summary>
    public ParsingChannelOrder? ParsingChannelOrder { get; private set; }

    /// <summary>How <see cref="ParsingChannelOrder"/> was decided (null without parsing maps).</summary>
    public ParsingOrderSource? ParsingChannelOrderSource { get; private set; }

    /// <summary>Things that are unusual but readable (quirks detected, parts ignored).</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The OpenFace table from <c>au.csv</c> (read on first use), or null when absent.</summary>
    /// <exception cref="MediaFormatException">The file is malformed.</exception>
    public ActionUnitTable? ActionUnits => actionUnits.Value;

    /// <summary>Opens a dataset folder.</summary>
    /// <param name="directory">The folder holding <c>ori_imgs</c>, <c>transforms_*.json</c>, ….</param>
    /// <param name="options">Import options; <see cref="ErNerfImportOptions.Default"/> when null.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="MediaFormatException">The folder or <c>ori_imgs</c> is missing or empty, or a transforms file or sampled parsing map is malformed.</exception>
    public static ErNerfDataset Open(string directory, ErNerfImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= ErNerfImportOptions.Default;
        if (!(options.Fps > 0) || options.ParsingDetectionFrames < 1 || options.ParsingColorTolerance < 0)
        {
            throw new ArgumentException("Fps must be positive, ParsingDetectionFrames at least 1 and ParsingColorTolerance non-negative.", nameof(options));
        }

        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new MediaFormatException(full, "dataset folder does not exist.");
        }

        var oriPath = Path.Combine(full, ErNerfLayout.OriginalImages);
        var ori = FrameFolder.Scan(oriPath, ImageExtensions)
            ?? throw new MediaFormatException(oriPath, "is missing; an ER-NeRF dataset needs frames ori_imgs/<i>.jpg or .png (data_utils/process.py --task 3).");
        if (ori.ContiguousCount == 0)
        {
            throw new MediaFormatException(oriPath, "has no frame 0.jpg or 0.png; frames are named by 0-based index (ffmpeg -start_number 0 ori_imgs/%d.jpg).");
        }

        var dataset = new ErNerfDataset(full, options, ori);
        dataset.Initialise();
        return dataset;
    }

    /// <summary>Path of frame <paramref name="index"/> in <c>ori_imgs</c>.</summary>
    public string OriginalPath(int index)
    {
        CheckIndex(index);
        return original.PathOf(index)!;
    }

    /// <summary>Frame <paramref name="index"/> of <c>ori_imgs</c>, RGB.</summary>
    public ByteImage LoadOriginal(int index) => ReadFrameImage(OriginalPath(index));

    /// <summary>Frame <paramref name="index"/> of <c>gt_imgs</c> (background replaced by the plate), or of <c>ori_imgs</c> when there is no <c>gt_imgs</c>; RGB.</summary>
    public ByteImage LoadGroundTruth(int index) =>
        groundTruth is null ? LoadOriginal(index) : ReadFrameImage(Require(groundTruth, index, "ground-truth image", ".jpg"));

    /// <summary>Parsing map <paramref name="index"/> as RGB in TalkingGaussian's colours (BGR maps are converted).</summary>
    public ByteImage LoadParsing(int index)
    {
        var folder = parsing ?? throw Missing(ErNerfLayout.Parsing, "parsing maps (data_utils/process.py --task 4)");
        return ParsingMaps.Normalise(ReadFrameImage(Require(folder, index, "parsing map", ".png")), ParsingChannelOrder!.Value);
    }

    /// <summary>
    /// The <see cref="ParsingClass"/> of every pixel of parsing map <paramref name="index"/> (row-major); off-palette colours
    /// take the nearest palette colour within <see cref="ErNerfImportOptions.ParsingColorTolerance"/>.
    /// </summary>
    /// <exception cref="MediaFormatException">A pixel is far from every palette colour (the message names the file and pixel).</exception>
    public ParsingClass[] LoadParsingLabels(int index)
    {
        var rgb = LoadParsing(index);
        return ParsingMaps.Classify(rgb, Options.ParsingColorTolerance, parsing!.PathOf(index)!);
    }

    /// <summary>Teeth mask <paramref name="index"/> (row-major H×W, true on teeth), or null when the dataset has no <c>teeth_mask</c> folder.</summary>
    /// <exception cref="MediaFormatException">The folder exists but the file is missing or not an H×W bool/uint8 array.</exception>
    public bool[]? LoadTeethMask(int index)
    {
        if (teeth is null)
        {
            CheckIndex(index);
            return null;
        }

        var path = Require(teeth, index, "teeth mask", ".npy");
        var array = NpyFile.Read(path);
        var shape = array.Shape;
        var fits = (shape.Length == 2 || (shape.Length == 3 && shape[2] == 1)) && shape[0] == Height && shape[1] == Width;
        if (!fits || array.DType is not (NpyDType.Bool or NpyDType.UInt8))
        {
            throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"is {array}; a teeth mask is a bool or uint8 array of shape ({Height}, {Width})."));
        }

        return array.ToBool();
    }

    /// <summary>Torso image <paramref name="index"/>, RGBA (alpha 255 on neck and torso).</summary>
    public ByteImage LoadTorso(int index)
    {
        var folder = torso ?? throw Missing(ErNerfLayout.TorsoImages, "torso images (data_utils/process.py --task 6)");
        var path = Require(folder, index, "torso image", ".png");
        var image = ErNerfImages.Read(path);
        CheckSize(image, path);
        return image.Channels switch
        {
            4 => image,
            2 => AddColour(image),
            _ => throw new MediaFormatException(path, "has no alpha channel; torso images are RGBA PNGs (alpha marks neck and torso)."),
        };
    }

    /// <summary>The background plate <c>bc.jpg</c> / <c>bc.png</c>, RGB.</summary>
    public ByteImage LoadBackground()
    {
        var path = BackgroundPath ?? throw Missing(ErNerfLayout.BackgroundStem + ".jpg", "background plate (data_utils/process.py --task 5)");
        return ReadFrameImage(path);
    }

    /// <summary>The 68 landmarks of frame <paramref name="index"/> (<c>ori_imgs/&lt;i&gt;.lms</c>).</summary>
    public Vector2[] LoadLandmarks(int index)
    {
        var folder = landmarks ?? throw Missing(ErNerfLayout.OriginalImages + "/<i>.lms", "landmarks (data_utils/process.py --task 7)");
        return LandmarkFile.Read(Require(folder, index, "landmark file", ErNerfLayout.LandmarkExtension));
    }

    /// <summary>The audio features (<see cref="AudioFeatureFile"/>): <c>[N, W, C]</c> such as [N,16,29] DeepSpeech or [N,2,1024] HuBERT, or <c>[N, C]</c>.</summary>
    /// <exception cref="MediaFormatException">There is no feature file, or it is not a 2-D/3-D array.</exception>
    public NpyArray LoadAudioFeatures()
    {
        var path = AudioFeatureFile ?? throw Missing("aud_ds.npy", "audio features (aud_ds.npy, aud_hu.npy, aud_eo.npy or aud.npy)");
        var array = NpyFile.Read(path);
        if (array.Rank is not (2 or 3) || array.Shape[0] == 0)
        {
            throw new MediaFormatException(path, $"is {array}; audio features are [N, W, C] (e.g. [N, 16, 29] DeepSpeech, [N, 2, 1024] HuBERT) or [N, C].");
        }

        return array;
    }

    /// <summary>The audio track <c>aud.wav</c>.</summary>
    public AudioClip LoadAudio() => WavFile.Read(AudioPath ?? throw Missing(ErNerfLayout.Audio, "audio track (data_utils/process.py --task 1)"));

    private static ByteImage AddColour(ByteImage grayAlpha)
    {
        var n = grayAlpha.Width * grayAlpha.Height;
        var rgba = new byte[n * 4];
        for (var i = 0; i < n; i++)
        {
            var g = grayAlpha.Pixels[i * 2];
            rgba[i * 4] = g;
            rgba[(i * 4) + 1] = g;
            rgba[(i * 4) + 2] = g;
            rgba[(i * 4) + 3] = grayAlpha.Pixels[(i * 2) + 1];
        }

        return new ByteImage(grayAlpha.Width, grayAlpha.Height, 4, rgba);
    }

    private void Initialise()
    {
        var warnings = new List<string>();
        if (original.Count > FrameCount)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{ErNerfLayout.OriginalImages}: frame {FrameCount} is missing; only frames 0..{FrameCount - 1} are used ({original.Count - FrameCount} later files ignored)."));
        }

        if (original.Duplicates.Count > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{ErNerfLayout.OriginalImages}: {original.Duplicates.Count} frames exist as both .jpg and .png (e.g. {original.Duplicates[0]}); the .jpg is used."));
        }

        var trainPath = Path.Combine(Directory, ErNerfLayout.TransformsTrain);
        var valPath = Path.Combine(Directory, ErNerfLayout.TransformsVal);
        Train = File.Exists(trainPath) ? TransformsFile.Read(trainPath) : null;
        Val = File.Exists(valPath) ? TransformsFile.Read(valPath) : null;
        TrainIds = Train?.Frames.Select(f => f.ImageId).ToArray() ?? [];
        ValIds = Val?.Frames.Select(f => f.ImageId).ToArray() ?? [];
        if (Train is null)
        {
            warnings.Add($"{ErNerfLayout.TransformsTrain} is missing: no cameras (data_utils/process.py --task 9).");
        }

        SelectAudioFeatures(warnings);
        if (parsing is not null)
        {
            DetectParsingOrder(warnings);
        }

        Warnings = warnings;
    }

    private void SelectAudioFeatures(List<string> warnings)
    {
        if (Options.AudioFeatureFile is { } chosen)
        {
            var path = Path.Combine(Directory, chosen);
            AudioFeatureFile = File.Exists(path) ? path : throw new MediaFormatException(path, "audio feature file requested in the import options does not exist.");
        }
        else if (AudioFeatureFiles.Count > 0)
        {
            AudioFeatureFile = Path.Combine(Directory, AudioFeatureFiles[0]);
            if (AudioFeatureFiles.Count > 1)
            {
                warnings.Add($"several audio feature files ({string.Join(", ", AudioFeatureFiles)}); using {AudioFeatureFiles[0]}.");
            }
        }

        if (AudioFeatureFile is not null && Path.GetFileName(AudioFeatureFile) == "aud.npy")
        {
            warnings.Add("audio features are in aud.npy (DeepSpeech's output name); TalkingGaussian's loader expects aud_ds.npy, so rename it for the reference code.");
        }
    }

    private void DetectParsingOrder(List<string> warnings)
    {
        if (Options.ParsingChannelOrder is { } forced)
        {
            ParsingChannelOrder = forced;
            ParsingChannelOrderSource = ParsingOrderSource.Forced;
            return;
        }

        var evidence = ParsingMaps.Sample(parsing!, Math.Min(parsing!.ContiguousCount, FrameCount), Options.ParsingDetectionFrames, Options.ParsingColorTolerance);
        var decided = ParsingMaps.Decide(evidence, out var disagree);
        if (decided is null)
        {
            ParsingChannelOrder = ErNerf.ParsingChannelOrder.Rgb;
            ParsingChannelOrderSource = ParsingOrderSource.Default;
            warnings.Add("parsing channel order could not be detected (no sampled map has both face and cloth pixels); assuming RGB (face blue).");
            return;
        }

        ParsingChannelOrder = decided;
        ParsingChannelOrderSource = ParsingOrderSource.Detected;
        if (decided == ErNerf.ParsingChannelOrder.Bgr)
        {
            warnings.Add("parsing maps are in BGR order (face red, cloth blue); they are converted to RGB when loaded.");
        }

        if (disagree > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"parsing channel order: {disagree} of {evidence.Count} sampled maps disagree with the majority ({decided}); check the maps."));
        }
    }

    private ByteImage ReadFrameImage(string path)
    {
        var image = ErNerfImages.ReadRgb(path);
        CheckSize(image, path);
        return image;
    }

    private void CheckSize(ByteImage image, string path)
    {
        if (image.Width != Width || image.Height != Height)
        {
            throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"is {image.Width}x{image.Height} but the frames in ori_imgs are {Width}x{Height}."));
        }
    }

    private string Require(FrameFolder folder, int index, string what, string extension)
    {
        CheckIndex(index);
        return folder.PathOf(index)
            ?? throw new MediaFormatException(Path.Combine(folder.Path, index.ToString(CultureInfo.InvariantCulture) + extension), $"{what} for frame {index} is missing.");
    }

    private void CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
    }

    private MediaFormatException Missing(string name, string what) =>
        new(Path.Combine(Directory, name), $"is missing: this dataset has no {what}.");

    private string? ExistingFile(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : null;
    }
}
