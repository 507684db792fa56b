using System.Globalization;
using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Methods.TalkingGaussian.Networks;
using Research.Splatting.Gaussians;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// TalkingGaussian (Li et al., ECCV 2024): a face and an inside-mouth Gaussian field, each deformed per frame by its
/// own audio(+AU)-driven motion network, trained mouth → face → fuse and composited face over mouth over the frame's
/// torso/background image. Needs an <see cref="ITalkingHeadScene"/> (cameras, au.csv, masks, torso images).
/// </summary>
public sealed class TalkingGaussianMethod : IAudioDrivenMethod, IPlyExportingMethod
{
    /// <summary>Registered name.</summary>
    public const string Name = "talking-gaussian";

    /// <summary>Creates the method.</summary>
    public TalkingGaussianMethod(TalkingGaussianOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("talking-gaussian: " + string.Join("; ", problems.Select(p => $"{p.Key} {p.Message}")), nameof(options));
        }

        Options = options;
    }

    /// <summary>The options.</summary>
    public TalkingGaussianOptions Options { get; }

    /// <inheritdoc />
    public void Train(ITalkingHeadData data, string modelDirectory, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var frames = new SceneFrames(Scene(data), 8);
        var trainer = new TalkingGaussianTrainer(frames, Options, context);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"talking-gaussian ({Options.Scale.ToString().ToLowerInvariant()}, {Options.Variant.ToString().ToLowerInvariant()}): mouth {Options.EffectiveMouthIterations()}, face {Options.EffectiveFaceIterations()}, fuse {Options.EffectiveFuseIterations()} iterations; camera extent {trainer.CameraRadiusExtent:G4}, scene extent used {trainer.SceneExtent:G4}"));
        context.Log.WriteLine(context.PerceptualLoss is { } lpips
            ? $"LPIPS terms on: {lpips.Description}"
            : $"notice: {context.PerceptualLossMissing ?? "no LPIPS network was given"}; the LPIPS terms of the mouth, face and fuse stages are skipped.");
        var seed = (ulong)(uint)context.Seed;
        // no-decomposition: no inside-mouth branch; the face branch models the mouth too.
        if (!trainer.Decomposed)
        {
            context.Log.WriteLine("no-decomposition: the inside-mouth branch is not trained; the face branch also learns the mouth region.");
        }

        var (mouth, mouthNet) = trainer.Decomposed ? trainer.TrainMouth(seed) : default((GaussianModel?, MouthMotionNetwork<float>?));
        var (face, faceNet) = trainer.TrainFace(seed);
        var model = new TalkingGaussianModel(face, faceNet, mouth, mouthNet);
        trainer.TrainFuse(model);
        model.Save(modelDirectory);
        trainer.WriteCurves(modelDirectory);
        TalkingGaussianPlyExport.Write(modelDirectory, model.Face, model.Mouth);
    }

    /// <inheritdoc />
    public void Render(ITalkingHeadData data, string modelDirectory, IReadOnlyList<int> frames, Action<int, FloatImage> write, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(context);
        var synthesizer = new TalkingGaussianSynthesizer(TalkingGaussianModel.Load(modelDirectory), new SceneFrames(Scene(data), 8), Options.DilateMouthAlpha);
        for (var n = 0; n < frames.Count; n++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            write(frames[n], synthesizer.RenderDatasetFrame(frames[n]));
            context.Progress.Report(new MethodProgress(n + 1, frames.Count, "rendering"));
        }
    }

    /// <inheritdoc />
    public void RenderWithAudio(ITalkingHeadData data, string modelDirectory, AudioDrive drive, Action<int, FloatImage> write, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(context);
        var synthesizer = new TalkingGaussianSynthesizer(TalkingGaussianModel.Load(modelDirectory), new SceneFrames(Scene(data), 8), Options.DilateMouthAlpha);
        synthesizer.Check(drive);
        for (var k = 0; k < drive.FrameCount; k++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            write(k, synthesizer.RenderDriven(drive, k));
            context.Progress.Report(new MethodProgress(k + 1, drive.FrameCount, "synthesizing"));
        }
    }

    /// <summary>Writes <c>face.ply</c> and <c>mouth.ply</c> (canonical Gaussians of both branches, 3DGS PLY layout) into <paramref name="outputDirectory"/>.</summary>
    public IReadOnlyList<string> ExportPly(string modelDirectory, string outputDirectory)
    {
        var model = TalkingGaussianModel.Load(modelDirectory);
        return TalkingGaussianPlyExport.Write(outputDirectory, model.Face, model.Mouth);
    }

    internal static FloatImage RenderFrame(TalkingGaussianModel model, SceneFrame frame) => TalkingGaussianSynthesizer.Render(model, frame, false);

    private static ITalkingHeadScene Scene(ITalkingHeadData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data as ITalkingHeadScene
            ?? throw new InvalidOperationException("talking-gaussian needs a dataset with cameras, action units, masks and torso images (a prepared ER-NeRF-layout dataset with the masks stage).");
    }
}
