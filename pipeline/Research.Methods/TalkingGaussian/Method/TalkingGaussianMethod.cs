using System.Globalization;
using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Tensors.Autograd;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// TalkingGaussian (Li et al., ECCV 2024): a face and an inside-mouth Gaussian field, each deformed per frame by its
/// own audio(+AU)-driven motion network, trained mouth → face → fuse and composited face over mouth over the frame's
/// torso/background image. Needs an <see cref="ITalkingHeadScene"/> (cameras, au.csv, masks, torso images).
/// </summary>
public sealed class TalkingGaussianMethod : ITalkingHeadMethod
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
        var (mouth, mouthNet) = trainer.TrainMouth(seed);
        var (face, faceNet) = trainer.TrainFace(seed);
        var model = new TalkingGaussianModel(face, faceNet, mouth, mouthNet);
        trainer.TrainFuse(model);
        model.Save(modelDirectory);
    }

    /// <inheritdoc />
    public void Render(ITalkingHeadData data, string modelDirectory, IReadOnlyList<int> frames, Action<int, FloatImage> write, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(context);
        var scene = new SceneFrames(Scene(data), 8);
        var model = TalkingGaussianModel.Load(modelDirectory);
        for (var n = 0; n < frames.Count; n++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            write(frames[n], RenderFrame(model, scene.Get(frames[n], false)));
            context.Progress.Report(new MethodProgress(n + 1, frames.Count, "rendering"));
        }
    }

    internal static FloatImage RenderFrame(TalkingGaussianModel model, SceneFrame frame)
    {
        using var noGrad = new NoGrad();
        var image = TalkingGaussianTrainer.Compose(model, frame, FrozenGeometry.Compute(model, frame)).Clamp(0f, 1f);
        var (w, h) = (frame.Camera.Width, frame.Camera.Height);
        return new FloatImage(w, h, 3, SceneFrames.Interleaved(image.ToArray(), w, h));
    }

    private static ITalkingHeadScene Scene(ITalkingHeadData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data as ITalkingHeadScene
            ?? throw new InvalidOperationException("talking-gaussian needs a dataset with cameras, action units, masks and torso images (a prepared ER-NeRF-layout dataset with the masks stage).");
    }
}
