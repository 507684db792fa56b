using System.Globalization;
using Research.Media.Imaging;
using Research.Metrics.ActionUnits;
using Research.Metrics.Landmarks;
using Research.Metrics.Sync;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Computes every metric a <see cref="ClipMetricsSetup"/> allows on one clip: PSNR / SSIM / LPIPS frame by frame,
/// Sync-C / Sync-D on the predicted frames with the clip's audio, and AUE / LMD from OpenFace runs on prediction and
/// ground truth. A metric that cannot run on this clip (no audio, too few frames, OpenFace failing) is listed in
/// <see cref="MetricsReport.Unavailable"/> with the reason instead of failing the evaluation; bad frames (size
/// mismatch) still throw, because every number would be wrong.
/// </summary>
public sealed class ClipEvaluator
{
    private readonly ImageMetricsEvaluator image;

    /// <summary>Creates an evaluator for <paramref name="setup"/>.</summary>
    public ClipEvaluator(ClipMetricsSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        Setup = setup;
        image = new ImageMetricsEvaluator(setup.Image);
    }

    /// <summary>The settings in use.</summary>
    public ClipMetricsSetup Setup { get; }

    /// <summary>Evaluates a clip; <paramref name="progress"/> receives (done, total, what) while frames are scored.</summary>
    /// <exception cref="ArgumentException">A frame pair is invalid (the message names the frame).</exception>
    public async Task<MetricsReport> EvaluateAsync(ClipInput input, IProgress<(int Done, int Total, string What)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var unavailable = new List<UnavailableMetric>(Setup.Unavailable);
        var keepFrames = Setup.SyncNet is not null && input.Audio is not null;
        var predFrames = keepFrames ? new List<ByteImage>(input.Names.Count) : null;
        var frames = new List<FrameMetrics>(input.Names.Count);
        for (var i = 0; i < input.Names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pred = input.LoadPred(i).ToRgb();
            var gt = input.LoadGt(i).ToRgb();
            frames.Add(image.EvaluateFrame(input.Names[i], pred.ToFloat(), gt.ToFloat()));
            predFrames?.Add(pred);
            progress?.Report((i + 1, input.Names.Count, "scoring frames"));
        }

        var report = new MetricsReport { Image = image.Summarize(frames) };
        SyncReport? sync = null;
        if (Setup.SyncNet is not null)
        {
            progress?.Report((0, 1, "SyncNet"));
            sync = ScoreSync(input, predFrames, unavailable);
        }

        AueReport? aue = null;
        LmdReport? lmd = null;
        if (Setup.OpenFace is not null && (Setup.Aue || Setup.Lmd))
        {
            progress?.Report((0, 1, "OpenFace"));
            (aue, lmd) = await RunOpenFaceAsync(input, unavailable, cancellationToken).ConfigureAwait(false);
        }

        return report with { Sync = sync, Aue = aue, Lmd = lmd, Unavailable = unavailable };
    }

    private SyncReport? ScoreSync(ClipInput input, List<ByteImage>? predFrames, List<UnavailableMetric> unavailable)
    {
        if (input.Audio is null || predFrames is null)
        {
            unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = "the clip has no audio track; Sync-C / Sync-D score frames against their audio." });
            return null;
        }

        if (Math.Abs(input.Fps - 25) > 1e-9)
        {
            unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = string.Create(CultureInfo.InvariantCulture, $"the clip is {input.Fps} fps; SyncNet windows assume 25 fps (resample the video to 25 fps).") });
            return null;
        }

        var audio = input.Audio.ToMono();
        if (audio.SampleRate != SyncAudio.SampleRate)
        {
            unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = string.Create(CultureInfo.InvariantCulture, $"the audio is {audio.SampleRate} Hz; SyncNet's MFCCs need 16 kHz mono ({SyncAudio.ConvertCommand}).") });
            return null;
        }

        var samples = SyncAudio.ToInt16(audio);
        if (SyncNetEvaluator.WindowCount(predFrames.Count, samples.Length) < 1)
        {
            unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = string.Create(CultureInfo.InvariantCulture, $"{predFrames.Count} frames with {samples.Length} audio samples give no 5-frame window; Sync needs at least 6 frames (0.24 s) of video and audio.") });
            return null;
        }

        var mode = Setup.SyncCrop ?? (input.Landmarks is not null ? SyncCropMode.FaceCrop : SyncCropMode.Resize224);
        if (mode == SyncCropMode.FaceCrop && (input.Landmarks is null || input.Landmarks.Count < predFrames.Count))
        {
            unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = "the face-crop mode needs 68-point landmarks for every frame and the dataset has none; use crop: resize224 (whole frame) or a dataset with landmarks." });
            return null;
        }

        var score = new SyncNetEvaluator(Setup.SyncNet!).Evaluate(predFrames, samples, audio.SampleRate, mode, input.Landmarks, Setup.SyncVShift);
        return SyncReport.Create(score, mode, Setup.SyncNetWeights ?? throw new InvalidOperationException("ClipMetricsSetup.SyncNetWeights must name the file SyncNet came from."), Setup.SyncVShift, Setup.Image.Bootstrap);
    }

    private async Task<(AueReport? Aue, LmdReport? Lmd)> RunOpenFaceAsync(ClipInput input, List<UnavailableMetric> unavailable, CancellationToken cancellationToken)
    {
        if (input.PredOpenFaceInput is null || input.GtOpenFaceInput is null)
        {
            Unavailable(unavailable, "OpenFace needs the clips as frame folders or videos, and this input has none.");
            return (null, null);
        }

        var work = input.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "research-openface", Guid.NewGuid().ToString("N"));
        string predCsv, gtCsv;
        try
        {
            predCsv = await Setup.OpenFace!.ExtractAsync(input.PredOpenFaceInput, Path.Combine(work, "pred"), cancellationToken).ConfigureAwait(false);
            gtCsv = await Setup.OpenFace.ExtractAsync(input.GtOpenFaceInput, Path.Combine(work, "gt"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or Media.Ffmpeg.ToolNotFoundException or IOException)
        {
            Unavailable(unavailable, e.Message);
            return (null, null);
        }

        AueReport? aue = null;
        LmdReport? lmd = null;
        try
        {
            if (Setup.Aue)
            {
                aue = new AueEvaluator(new AueOptions { Bootstrap = Setup.Image.Bootstrap }).EvaluateFiles(predCsv, gtCsv);
            }
        }
        catch (InvalidDataException e)
        {
            unavailable.Add(new UnavailableMetric { Metric = "aue", Reason = e.Message });
        }

        try
        {
            if (Setup.Lmd)
            {
                lmd = new LmdEvaluator(Setup.Image.Bootstrap).Evaluate(OpenFaceLandmarkSource.Read(predCsv), OpenFaceLandmarkSource.Read(gtCsv));
            }
        }
        catch (InvalidDataException e)
        {
            unavailable.Add(new UnavailableMetric { Metric = "lmd", Reason = e.Message });
        }

        return (aue, lmd);
    }

    private void Unavailable(List<UnavailableMetric> unavailable, string reason)
    {
        if (Setup.Aue)
        {
            unavailable.Add(new UnavailableMetric { Metric = "aue", Reason = reason });
        }

        if (Setup.Lmd)
        {
            unavailable.Add(new UnavailableMetric { Metric = "lmd", Reason = reason });
        }
    }
}
