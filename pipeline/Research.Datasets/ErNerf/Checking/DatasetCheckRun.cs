using System.Globalization;
using Research.Media;
using Research.Media.Npy;
using Research.Media.Wav;

namespace Research.Datasets.ErNerf.Checking;

/// <summary>One pass of <see cref="DatasetChecker"/> over a folder; collects issues instead of throwing.</summary>
internal sealed class DatasetCheckRun
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    // The AU columns TalkingGaussian's loader reads (scene/dataset_readers.py).
    private static readonly string[] RequiredAuColumns = ["AU01_r", "AU04_r", "AU05_r", "AU06_r", "AU07_r", "AU25_r", "AU45_r"];

    private readonly string root;
    private readonly DatasetCheckOptions options;
    private readonly List<DatasetIssue> issues = [];
    private int frameCount;
    private int width;
    private int height;
    private int trainCount;
    private int valCount;
    private FrameFolder? landmarks;
    private FrameFolder? parsing;
    private FrameFolder? teeth;
    private FrameFolder? torso;
    private FrameFolder? groundTruth;
    private string? backgroundPath;
    private bool hasTrain;
    private bool hasVal;
    private ParsingChannelOrder? parsingOrder;
    private ParsingOrderSource? parsingOrderSource;
    private double? audioDuration;
    private string? featureFile;
    private IReadOnlyList<int>? featureShape;

    public DatasetCheckRun(string root, DatasetCheckOptions options)
    {
        this.root = root;
        this.options = options;
    }

    private string Tolerance => string.Create(CultureInfo.InvariantCulture, $"tolerance ±{options.FrameTolerance} frames");

    public DatasetCheckReport Run()
    {
        if (!Directory.Exists(root))
        {
            Error(root, "dataset folder does not exist.");
            return Report();
        }

        var original = CheckOriginals();
        if (original is not null)
        {
            CheckLandmarks(original);
            CheckParsing();
            CheckTeeth();
            torso = CheckImageFolder(ErNerfLayout.TorsoImages, [".png"], "torso images");
            groundTruth = CheckImageFolder(ErNerfLayout.GroundTruthImages, ImageExtensions, "gt images");
            CheckBackground();
            CheckActionUnits();
        }

        CheckTransforms();
        CheckAudio();
        CheckAudioFeatures();
        return Report();
    }

    private static string Strip(MediaFormatException e)
    {
        var prefix = e.FilePath + ": ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }

    private static string List(IEnumerable<int> indices, int total, int shown)
    {
        var text = string.Join(", ", indices.Take(shown).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return total > shown ? text + ", …" : text;
    }

    private DatasetCheckReport Report()
    {
        var summary = new DatasetSummary
        {
            Directory = root,
            FrameCount = frameCount,
            Width = width,
            Height = height,
            Fps = options.Fps,
            TrainCount = trainCount,
            ValCount = valCount,
            Annotations = new DatasetAnnotations
            {
                Landmarks = landmarks is not null,
                Parsing = parsing is not null,
                TeethMask = teeth is not null,
                TorsoImages = torso is not null,
                GtImages = groundTruth is not null,
                Background = backgroundPath is not null,
                ActionUnits = File.Exists(Path.Combine(root, ErNerfLayout.ActionUnits)),
                Audio = File.Exists(Path.Combine(root, ErNerfLayout.Audio)),
                TransformsTrain = hasTrain,
                TransformsVal = hasVal,
            },
            ParsingChannelOrder = parsingOrder?.ToString().ToLowerInvariant(),
            ParsingChannelOrderSource = parsingOrderSource?.ToString().ToLowerInvariant(),
            AudioDurationSeconds = audioDuration,
            AudioFeatureFile = featureFile,
            AudioFeatureShape = featureShape,
            Sample = options.Sample,
            Errors = issues.Count(i => i.Severity == DatasetIssueSeverity.Error),
            Warnings = issues.Count(i => i.Severity == DatasetIssueSeverity.Warning),
        };
        return new DatasetCheckReport(summary, [.. issues]);
    }

    private FrameFolder? CheckOriginals()
    {
        var folderPath = Path.Combine(root, ErNerfLayout.OriginalImages);
        var folder = FrameFolder.Scan(folderPath, ImageExtensions);
        if (folder is null)
        {
            Error(folderPath, "is missing; an ER-NeRF dataset needs frames ori_imgs/<i>.jpg or .png (data_utils/process.py --task 3).");
            return null;
        }

        frameCount = folder.ContiguousCount;
        if (frameCount == 0)
        {
            Error(folderPath, folder.Count == 0
                ? "has no frames <i>.jpg or <i>.png."
                : "has no frame 0; frames are named by 0-based index (ffmpeg -start_number 0 ori_imgs/%d.jpg).");
            return null;
        }

        var beyond = folder.Beyond(frameCount);
        if (beyond.Count > 0)
        {
            Error(folderPath, string.Create(CultureInfo.InvariantCulture, $"frame {frameCount} is missing but {beyond.Count} later frames exist ({List(beyond, beyond.Count, 5)}); frames must be numbered 0..N-1 without gaps, so only {frameCount} frames count."));
        }

        if (folder.Duplicates.Count > 0)
        {
            Warning(folderPath, string.Create(CultureInfo.InvariantCulture, $"{folder.Duplicates.Count} frames exist both as .jpg and .png ({List(folder.Duplicates, folder.Duplicates.Count, 5)}); the .jpg is used."));
        }

        var first = folder.PathOf(0)!;
        try
        {
            (width, height) = ErNerfImages.ReadSize(first);
        }
        catch (MediaFormatException e)
        {
            Error(first, Strip(e));
            return null;
        }

        CheckSizes(folder, "frames");
        return folder;
    }

    private void CheckSizes(FrameFolder folder, string what)
    {
        var capped = new Capped(this, folder.Path, what + " with a different size");
        for (var i = 0; i < frameCount; i++)
        {
            if (folder.PathOf(i) is not { } path)
            {
                continue;
            }

            try
            {
                var (w, h) = ErNerfImages.ReadSize(path);
                if (w != width || h != height)
                {
                    capped.Add(path, string.Create(CultureInfo.InvariantCulture, $"is {w}x{h} but ori_imgs/0 is {width}x{height}; all images must have the same size."));
                }
            }
            catch (MediaFormatException e)
            {
                capped.Add(path, Strip(e));
            }
        }

        capped.Finish();
    }

    private void CheckCounts(FrameFolder folder, string extension, string what)
    {
        var present = 0;
        for (var i = 0; i < frameCount; i++)
        {
            present += folder.PathOf(i) is null ? 0 : 1;
        }

        var missingCount = frameCount - present;
        if (missingCount > 0)
        {
            var missing = folder.Missing(frameCount, options.MaxIssuesPerKind);
            Error(FramePath(folder, missing[0], extension), string.Create(CultureInfo.InvariantCulture, $"{what}: {missingCount} of {frameCount} frames have no file (frames {List(missing, missingCount, options.MaxIssuesPerKind)}); counts disagree with ori_imgs."));
        }

        var beyond = folder.Beyond(frameCount);
        if (beyond.Count > 0)
        {
            Error(FramePath(folder, beyond[0], extension), string.Create(CultureInfo.InvariantCulture, $"{what}: {beyond.Count} files beyond the {frameCount} frames of ori_imgs (indices {List(beyond, beyond.Count, options.MaxIssuesPerKind)}); counts disagree."));
        }
    }

    private void CheckLandmarks(FrameFolder original)
    {
        var folder = FrameFolder.Scan(original.Path, [ErNerfLayout.LandmarkExtension]);
        if (folder is null || folder.Count == 0)
        {
            Warning(original.Path, "has no landmark files <i>.lms (data_utils/process.py --task 7); face rectangles and mouth bounds cannot be computed.");
            return;
        }

        landmarks = folder;
        CheckCounts(folder, ErNerfLayout.LandmarkExtension, "landmarks");
        var capped = new Capped(this, folder.Path, "unreadable landmark files");
        for (var i = 0; i < frameCount; i += options.Sample)
        {
            if (folder.PathOf(i) is not { } path)
            {
                continue;
            }

            try
            {
                LandmarkFile.Read(path);
            }
            catch (MediaFormatException e)
            {
                capped.Add(path, Strip(e));
            }
        }

        capped.Finish();
    }

    private void CheckParsing()
    {
        var folderPath = Path.Combine(root, ErNerfLayout.Parsing);
        parsing = FrameFolder.Scan(folderPath, [".png"]);
        if (parsing is null)
        {
            Warning(folderPath, "is missing: no face parsing (data_utils/process.py --task 4); TalkingGaussian cannot separate face, mouth and torso.");
            return;
        }

        CheckCounts(parsing, ".png", "parsing maps");
        CheckSizes(parsing, "parsing maps");
        if (!DecideParsingOrder(parsing))
        {
            return;
        }

        var unreadable = new Capped(this, parsing.Path, "unreadable parsing maps");
        var empty = new Capped(this, parsing.Path, "parsing maps with an empty face mask");
        for (var i = 0; i < frameCount; i += options.Sample)
        {
            if (parsing.PathOf(i) is not { } path)
            {
                continue;
            }

            try
            {
                var rgb = ParsingMaps.Normalise(ErNerfImages.ReadRgb(path), parsingOrder!.Value);
                if (rgb.Width != width || rgb.Height != height)
                {
                    continue; // reported by the size check
                }

                var labels = ParsingMaps.Classify(rgb, ErNerfImportOptions.Default.ParsingColorTolerance, path);
                if (!labels.Contains(ParsingClass.Face))
                {
                    empty.Add(path, "face mask is empty: no face-coloured pixels (blue (0,0,255) in RGB order); the face branch would have nothing to fit in this frame.");
                }
            }
            catch (MediaFormatException e)
            {
                unreadable.Add(path, Strip(e));
            }
        }

        unreadable.Finish();
        empty.Finish();
    }

    private bool DecideParsingOrder(FrameFolder folder)
    {
        if (options.ParsingChannelOrder is { } forced)
        {
            parsingOrder = forced;
            parsingOrderSource = ParsingOrderSource.Forced;
            return true;
        }

        List<ParsingMaps.Evidence> evidence;
        try
        {
            evidence = ParsingMaps.Sample(folder, Math.Min(folder.ContiguousCount, frameCount), ErNerfImportOptions.Default.ParsingDetectionFrames, ErNerfImportOptions.Default.ParsingColorTolerance);
        }
        catch (MediaFormatException e)
        {
            Error(e.FilePath, Strip(e));
            return false;
        }

        var decided = ParsingMaps.Decide(evidence, out var disagree);
        parsingOrder = decided ?? ParsingChannelOrder.Rgb;
        parsingOrderSource = decided is null ? ParsingOrderSource.Default : ParsingOrderSource.Detected;
        if (decided is null)
        {
            Warning(folder.Path, "channel order could not be detected (no sampled map has both face and cloth pixels); assuming RGB (face blue).");
        }
        else if (decided == ParsingChannelOrder.Bgr)
        {
            Warning(folder.Path, "maps are in BGR order (face red, cloth blue); the importer converts them, but TalkingGaussian's own loader would swap face and torso.");
        }

        if (disagree > 0)
        {
            Warning(folder.Path, string.Create(CultureInfo.InvariantCulture, $"channel order: {disagree} of {evidence.Count} sampled maps disagree with the majority ({parsingOrder})."));
        }

        return true;
    }

    private void CheckTeeth()
    {
        teeth = FrameFolder.Scan(Path.Combine(root, ErNerfLayout.TeethMasks), [".npy"]);
        if (teeth is null)
        {
            return; // optional (EasyPortrait step); the mouth branch then relies on the parsing grey only
        }

        CheckCounts(teeth, ".npy", "teeth masks");
        var capped = new Capped(this, teeth.Path, "malformed teeth masks");
        for (var i = 0; i < frameCount; i += options.Sample)
        {
            if (teeth.PathOf(i) is not { } path)
            {
                continue;
            }

            try
            {
                var array = NpyFile.Read(path);
                var shape = array.Shape;
                var fits = (shape.Length == 2 || (shape.Length == 3 && shape[2] == 1)) && shape[0] == height && shape[1] == width;
                if (!fits || array.DType is not (NpyDType.Bool or NpyDType.UInt8))
                {
                    capped.Add(path, string.Create(CultureInfo.InvariantCulture, $"is {array}; a teeth mask is a bool or uint8 array of shape ({height}, {width})."));
                }
            }
            catch (MediaFormatException e)
            {
                capped.Add(path, Strip(e));
            }
        }

        capped.Finish();
    }

    private FrameFolder? CheckImageFolder(string name, string[] extensions, string what)
    {
        var folder = FrameFolder.Scan(Path.Combine(root, name), extensions);
        if (folder is null)
        {
            return null;
        }

        CheckCounts(folder, extensions[0], what);
        CheckSizes(folder, what);
        return folder;
    }

    private void CheckBackground()
    {
        backgroundPath = ImageExtensions.Select(e => Path.Combine(root, ErNerfLayout.BackgroundStem + e)).FirstOrDefault(File.Exists);
        if (backgroundPath is null)
        {
            if (torso is not null)
            {
                Warning(Path.Combine(root, ErNerfLayout.BackgroundStem + ".jpg"), "is missing although torso_imgs exists; TalkingGaussian composites the torso over this plate (data_utils/process.py --task 5).");
            }

            return;
        }

        try
        {
            var (w, h) = ErNerfImages.ReadSize(backgroundPath);
            if (w != width || h != height)
            {
                Error(backgroundPath, string.Create(CultureInfo.InvariantCulture, $"is {w}x{h} but the frames are {width}x{height}."));
            }
        }
        catch (MediaFormatException e)
        {
            Error(backgroundPath, Strip(e));
        }
    }

    private void CheckActionUnits()
    {
        var path = Path.Combine(root, ErNerfLayout.ActionUnits);
        if (!File.Exists(path))
        {
            Warning(path, "is missing: TalkingGaussian's loader reads OpenFace AUs from au.csv (FeatureExtraction -aus, then rename the CSV).");
            return;
        }

        ActionUnitTable table;
        try
        {
            table = OpenFaceCsv.Read(path);
        }
        catch (MediaFormatException e)
        {
            Error(path, Strip(e));
            return;
        }

        if (table.RowCount != frameCount)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"has {table.RowCount} rows but ori_imgs has {frameCount} frames; AU rows are indexed by img_id, one per frame."));
        }

        var missing = RequiredAuColumns.Where(c => !table.HasColumn(c)).ToList();
        if (missing.Count > 0)
        {
            Error(path, $"lacks column(s) {string.Join(", ", missing.Select(c => "' " + c + "'"))} that TalkingGaussian reads; run OpenFace FeatureExtraction with -aus.");
        }

        var header = File.ReadLines(path).FirstOrDefault() ?? string.Empty;
        var fields = header.Split(',');
        if (fields.Length > 1 && !fields.Skip(1).All(f => f.StartsWith(' ')))
        {
            Warning(path, "header names have no leading space (not OpenFace 2.2's ', ' separator); this importer accepts them, but TalkingGaussian's loader looks up ' AU45_r' and would fail with KeyError.");
        }

        if (table.HasColumn(OpenFaceColumns.Success))
        {
            var success = table.Column(OpenFaceColumns.Success);
            var lost = Enumerable.Range(0, success.Length).Where(i => success[i] == 0).ToList();
            if (lost.Count > 0)
            {
                Warning(path, string.Create(CultureInfo.InvariantCulture, $"OpenFace lost the face in {lost.Count} frames (success = 0; rows {List(lost, lost.Count, 5)}); their AUs are zeros."));
            }
        }
    }

    private void CheckTransforms()
    {
        var train = ReadTransforms(ErNerfLayout.TransformsTrain);
        var val = ReadTransforms(ErNerfLayout.TransformsVal);
        hasTrain = train is not null;
        hasVal = val is not null;
        trainCount = train?.Frames.Count ?? 0;
        valCount = val?.Frames.Count ?? 0;
        if (train is null || val is null || frameCount == 0)
        {
            return;
        }

        var trainPath = Path.Combine(root, ErNerfLayout.TransformsTrain);
        var total = trainCount + valCount;
        if (total != frameCount)
        {
            Error(trainPath, string.Create(CultureInfo.InvariantCulture, $"train ({trainCount}) + val ({valCount}) = {total} cameras but ori_imgs has {frameCount} frames."));
        }

        var ids = train.Frames.Concat(val.Frames).Select(f => f.ImageId).ToList();
        var distinct = ids.ToHashSet();
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        var absent = Enumerable.Range(0, frameCount).Where(i => !distinct.Contains(i)).ToList();
        var outside = distinct.Where(i => i >= frameCount).Order().ToList();
        if (duplicates.Count > 0)
        {
            Error(trainPath, string.Create(CultureInfo.InvariantCulture, $"img_id values repeat across train and val ({List(duplicates, duplicates.Count, 5)}); ids must be 0..N-1 once each."));
        }

        if (absent.Count > 0)
        {
            Error(trainPath, string.Create(CultureInfo.InvariantCulture, $"no camera for {absent.Count} frames (img_id {List(absent, absent.Count, 5)}); ids must be contiguous 0..{frameCount - 1}."));
        }

        if (outside.Count > 0)
        {
            Error(trainPath, string.Create(CultureInfo.InvariantCulture, $"img_id beyond the {frameCount} frames of ori_imgs ({List(outside, outside.Count, 5)})."));
        }

        var split = (int)(frameCount * 10.0 / 11.0);
        var standard = train.Frames.Select((f, k) => f.ImageId == k).All(b => b) && val.Frames.Select((f, k) => f.ImageId == split + k).All(b => b);
        if (trainCount != split || !standard)
        {
            Warning(trainPath, string.Create(CultureInfo.InvariantCulture, $"split differs from ER-NeRF's (train = frames 0..{split - 1}, int(N*10/11) = {split}; val = the rest): train has {trainCount} cameras. Scores on this split are not comparable to the papers'."));
        }
    }

    private TransformsDocument? ReadTransforms(string name)
    {
        var path = Path.Combine(root, name);
        if (!File.Exists(path))
        {
            Error(path, "is missing (data_utils/process.py --task 9 writes transforms_train.json and transforms_val.json).");
            return null;
        }

        TransformsDocument document;
        try
        {
            document = TransformsFile.Read(path);
        }
        catch (MediaFormatException e)
        {
            Error(path, Strip(e));
            return null;
        }

        if (!(document.FocalLength > 0))
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"focal_len is {document.FocalLength}; it must be positive (pixels)."));
        }

        if (width > 0 && (Math.Abs(document.Cx - (width / 2.0)) > 1 || Math.Abs(document.Cy - (height / 2.0)) > 1))
        {
            Warning(path, string.Create(CultureInfo.InvariantCulture, $"principal point ({document.Cx}, {document.Cy}) is not the image centre ({width / 2.0}, {height / 2.0}); TalkingGaussian ignores cx/cy and assumes the centre."));
        }

        var capped = new Capped(this, path, "non-rigid camera matrices");
        var audioMismatch = 0;
        for (var k = 0; k < document.Frames.Count; k++)
        {
            var frame = document.Frames[k];
            audioMismatch += frame.AudioId == frame.ImageId ? 0 : 1;
            if (RigidityProblem(frame) is { } problem)
            {
                capped.Add(path, string.Create(CultureInfo.InvariantCulture, $"frames[{k}] (img_id {frame.ImageId}): transform_matrix is not a rigid camera-to-world transform: {problem}."));
            }
        }

        capped.Finish();
        if (audioMismatch > 0)
        {
            Warning(path, string.Create(CultureInfo.InvariantCulture, $"{audioMismatch} frames have aud_id != img_id; ER-NeRF data pairs each frame with its own audio row."));
        }

        return document;
    }

    private string? RigidityProblem(CameraFrame frame)
    {
        var tolerance = options.RigidityTolerance;
        if (Math.Abs(frame[3, 0]) > 1e-6 || Math.Abs(frame[3, 1]) > 1e-6 || Math.Abs(frame[3, 2]) > 1e-6 || Math.Abs(frame[3, 3] - 1) > 1e-6)
        {
            return string.Create(CultureInfo.InvariantCulture, $"last row is [{frame[3, 0]}, {frame[3, 1]}, {frame[3, 2]}, {frame[3, 3]}], not [0, 0, 0, 1]");
        }

        var worst = 0.0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var dot = 0.0;
                for (var r = 0; r < 3; r++)
                {
                    dot += frame[r, i] * frame[r, j];
                }

                worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
            }
        }

        if (worst > tolerance)
        {
            return string.Create(CultureInfo.InvariantCulture, $"rotation is not orthonormal (max |RᵀR − I| = {worst:G4} > {tolerance:G4}); scale or shear in the matrix");
        }

        var det = (frame[0, 0] * ((frame[1, 1] * frame[2, 2]) - (frame[1, 2] * frame[2, 1])))
            - (frame[0, 1] * ((frame[1, 0] * frame[2, 2]) - (frame[1, 2] * frame[2, 0])))
            + (frame[0, 2] * ((frame[1, 0] * frame[2, 1]) - (frame[1, 1] * frame[2, 0])));
        return Math.Abs(det - 1) > tolerance
            ? string.Create(CultureInfo.InvariantCulture, $"det R = {det:G4}, not +1 (a reflection)")
            : null;
    }

    private void CheckAudio()
    {
        var path = Path.Combine(root, ErNerfLayout.Audio);
        if (!File.Exists(path))
        {
            Warning(path, "is missing; audio features cannot be re-extracted and the clip has no sound track.");
            return;
        }

        try
        {
            audioDuration = WavFile.Read(path).DurationSeconds;
        }
        catch (MediaFormatException e)
        {
            Error(path, Strip(e));
            return;
        }

        var frames = audioDuration.Value * options.Fps;
        if (frameCount > 0 && Math.Abs(frames - frameCount) > options.FrameTolerance)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"lasts {audioDuration:F3} s = {frames:F1} frames at {options.Fps} fps but ori_imgs has {frameCount} frames ({Tolerance})."));
        }
    }

    private void CheckAudioFeatures()
    {
        var present = ErNerfLayout.AudioFeatureFiles.Where(f => File.Exists(Path.Combine(root, f))).ToList();
        if (present.Count == 0)
        {
            // Without precomputed features the pipeline derives log-mel features from aud.wav; without either there is no audio.
            if (!File.Exists(Path.Combine(root, ErNerfLayout.Audio)))
            {
                Error(Path.Combine(root, ErNerfLayout.AudioFeatureFiles[0]), "is missing, and so is aud.wav: no audio features (aud_ds.npy DeepSpeech, aud_hu.npy HuBERT, aud_eo.npy or aud.npy) and no audio to derive them from.");
            }

            return;
        }

        featureFile = present[0];
        if (present.Count > 1)
        {
            Warning(root, $"several audio feature files ({string.Join(", ", present)}); {present[0]} is used by default.");
        }

        if (present.Contains("aud.npy"))
        {
            Warning(Path.Combine(root, "aud.npy"), "is DeepSpeech's output name; TalkingGaussian's loader reads aud_ds.npy, so rename it for the reference code.");
        }

        foreach (var name in present)
        {
            var path = Path.Combine(root, name);
            NpyArray array;
            try
            {
                array = NpyFile.Read(path);
            }
            catch (MediaFormatException e)
            {
                Error(path, Strip(e));
                continue;
            }

            if (name == featureFile)
            {
                featureShape = [.. array.Shape];
            }

            if (array.Rank is not (2 or 3))
            {
                Error(path, $"is {array}; audio features are [N, W, C] (e.g. [N, 16, 29] DeepSpeech, [N, 2, 1024] HuBERT) or [N, C].");
                continue;
            }

            if (frameCount > 0 && Math.Abs(array.Shape[0] - frameCount) > options.FrameTolerance)
            {
                Error(path, string.Create(CultureInfo.InvariantCulture, $"has {array.Shape[0]} rows but ori_imgs has {frameCount} frames ({Tolerance}); one feature window per frame."));
            }
        }
    }

    private string FramePath(FrameFolder folder, int index, string extension) =>
        Path.Combine(folder.Path, index.ToString(CultureInfo.InvariantCulture) + extension);

    private void Error(string path, string message) => Add(DatasetIssueSeverity.Error, path, message);

    private void Warning(string path, string message) => Add(DatasetIssueSeverity.Warning, path, message);

    private void Add(DatasetIssueSeverity severity, string path, string message) =>
        issues.Add(new DatasetIssue(severity, Path.GetRelativePath(root, path), message));

    /// <summary>Lists the first few issues of one kind and counts the rest in one line.</summary>
    private sealed class Capped(DatasetCheckRun run, string folder, string what)
    {
        private int count;

        public void Add(string path, string message)
        {
            count++;
            if (count <= run.options.MaxIssuesPerKind)
            {
                run.Error(path, message);
            }
        }

        public void Finish()
        {
            var hidden = count - run.options.MaxIssuesPerKind;
            if (hidden > 0)
            {
                run.Error(folder, string.Create(CultureInfo.InvariantCulture, $"{hidden} more {what} not listed ({count} in all)."));
            }
        }
    }
}
