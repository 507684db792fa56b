using System.Diagnostics;
using System.Globalization;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Checkpoints;
using Research.Methods.TalkingGaussian.Compositing;
using Research.Methods.TalkingGaussian.Curves;
using Research.Methods.TalkingGaussian.Losses;
using Research.Methods.TalkingGaussian.Networks;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Methods.TalkingGaussian.Training;
using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Checkpoints;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// The three training programs of TalkingGaussian (notes §3.3–3.5): <c>train_mouth.py</c>, <c>train_face.py</c> and
/// <c>train_fuse.py</c>, with schedules scaled to the requested iteration counts. LPIPS terms run when the context has a perceptual loss.
/// Every iteration checks its loss terms and parameters for NaN/Inf, adds a row to the training curves and, every
/// <see cref="TalkingGaussianOptions.CheckpointInterval"/> iterations, writes a <see cref="TrainingCheckpoint"/>; a
/// checkpoint found at construction is resumed bit-identically.
/// </summary>
internal sealed class TalkingGaussianTrainer
{
    private const int ShDegree = 2;
    private const double DssimWeight = 0.2;
    private static readonly (double R, double G, double B) Green = GreenScreenTargets.Green;
    private static readonly (double R, double G, double B) Black = (0, 0, 0);

    private readonly SceneFrames frames;
    private readonly TalkingGaussianOptions options;
    private readonly MethodContext context;
    private readonly IReadOnlyList<int> train;
    private readonly double extent;
    private readonly long total;
    private readonly HashSet<string> emptied = [];
    private readonly TrainingCurves curves;
    private readonly HeldOutEvaluation heldOut;
    private readonly TrainingCheckpoint? resume;
    private readonly string? checkpoints;
    private readonly string fingerprint;
    private (GaussianModel Model, MouthMotionNetwork<float> Network)? mouthBranch;
    private readonly LpipsTerms? lpips;
    private long done;

    public TalkingGaussianTrainer(SceneFrames frames, TalkingGaussianOptions options, MethodContext context)
    {
        this.frames = frames;
        this.options = options;
        this.context = context;
        train = frames.Data.TrainFrames;
        CameraRadiusExtent = frames.CameraExtent(train);
        extent = Math.Max(CameraRadiusExtent, options.MinSceneExtent);
        total = (Decomposed ? options.EffectiveMouthIterations() : 0) + options.EffectiveFaceIterations() + options.EffectiveFuseIterations();
        fingerprint = TrainingCheckpoint.Fingerprint(options, context.Seed);
        checkpoints = options.CheckpointInterval > 0 ? context.CheckpointDirectory : null;
        curves = new TrainingCurves(context.CheckpointDirectory);
        heldOut = new HeldOutEvaluation(frames);
        resume = TrainingCheckpoint.TryOpen(context.CheckpointDirectory, fingerprint, context.Threads, context.Log);
        try
        {
            curves.Restore(resume?.CurveRows ?? 0);
        }
        catch (InvalidDataException e)
        {
            context.Log.WriteLine($"warning: ignoring checkpoint {resume!.Path}: {e.Message}; training starts from the beginning.");
            resume = null;
            curves.Reset();
        }

        if (resume is not null)
        {
            done = resume.Done;
            var of = resume.Stage switch { "mouth" => options.EffectiveMouthIterations(), "face" => options.EffectiveFaceIterations(), _ => options.EffectiveFuseIterations() };
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resuming from {resume.Path} ({resume.Stage} iteration {resume.Iteration}/{of})"));
        }
        lpips = context.PerceptualLoss is { } perceptual ? new LpipsTerms(perceptual, context.Log, (ulong)(uint)context.Seed) : null;
    }

    public double CameraRadiusExtent { get; }

    public double SceneExtent => extent;

    public MotionNetworkOptions NetworkOptions => MotionNetworkOptions.ForVariant(
        options.Variant switch
        {
            TalkingGaussianVariant.NoRegionAttention => MotionNetworkOptions.NoRegionAttentionVariant,
            TalkingGaussianVariant.HashGrid => MotionNetworkOptions.HashGridVariant,
            _ => null,
        },
        frames.AudioChannels);

    /// <summary>False for the no-decomposition ablation: no inside-mouth branch, the face branch also learns the mouth.</summary>
    public bool Decomposed => options.Variant != TalkingGaussianVariant.NoDecomposition;

    public static Tensor<float> Colour((double R, double G, double B) c) => Tensor.FromArray([(float)c.R, (float)c.G, (float)c.B], 3);

    public static Tensor<float> MaskTensor(PixelMask mask)
    {
        var data = new float[mask.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = mask[i] ? 1f : 0f;
        }

        return Tensor.FromArray(data, 1, mask.Height, mask.Width);
    }

    /// <summary>Adds the photometric terms to <paramref name="terms"/>: l1 and dssim = 1 − SSIM with weight 0.2 (as <see cref="Photometric"/>).</summary>
    public static void AddPhotometric(LossTerms terms, Tensor<float> image, Tensor<float> target)
    {
        terms.Add("l1", image.Sub(target).Abs().Mean());
        terms.Add("dssim", Functional.SsimLoss(image, target), (float)DssimWeight);
    }

    /// <summary>L1 + 0.2·(1 − SSIM) (zero-padded SSIM, 11×11 σ 1.5).</summary>
    public static Tensor<float> Photometric(Tensor<float> image, Tensor<float> target) =>
        image.Sub(target).Abs().Mean().Add(Functional.SsimLoss(image, target).Mul((float)DssimWeight));

    public static RenderResult Render(Camera camera, GaussianModel model, Tensor<float> means, Tensor<float> scales, Tensor<float> rotations, Tensor<float> background, Tensor<float>? features = null, Tensor<float>? opacities = null) =>
        GaussianRasterizer.Render(camera, new GaussianRenderInputs(means, features ?? model.GetFeatures(), opacities ?? model.GetOpacity(), scales, rotations, model.ActiveShDegree), background);

    // xyz learning rate 1.6e-4·extent → 1.6e-6·extent (notes §3.1), scaled by the option.
    private double PositionLrInitial => 1.6e-4 * extent * options.PositionLrScale;

    private double PositionLrFinal => 1.6e-6 * extent * options.PositionLrScale;

    /// <summary>Inside-mouth branch (notes §3.3).</summary>
    public (GaussianModel Model, MouthMotionNetwork<float> Network) TrainMouth(ulong seed)
    {
        var iterations = options.EffectiveMouthIterations();
        var schedule = new MouthBranchSchedule().Scaled(iterations / 50_000.0);
        var plan = BranchPlan.For(iterations);
        if (resume is { StageIndex: > 0 })
        {
            var restored = new MouthMotionNetwork<float>(NetworkOptions, new Rng(seed ^ 0x12));
            resume.LoadModule("mouth_motion", restored);
            mouthBranch = (resume.Gaussians("mouth", ShDegree), restored);
            return mouthBranch.Value;
        }

        var model = resume?.Stage == "mouth" ? resume.Gaussians("mouth", ShDegree) : GaussianModel.RandomInBox(options.EffectiveMouthInitCount(), new Rng(seed ^ 0x11), ShDegree);
        var network = new MouthMotionNetwork<float>(NetworkOptions, new Rng(seed ^ 0x12));
        var gaussOpt = Optimizers.Gaussians(model, PositionLrInitial);
        var motionOpt = Optimizers.Motion(network);
        var motionLr = LrSchedule<float>.Lambda(motionOpt.Groups, schedule.MotionLrFactor);
        var decay = new ExponentialLrDecay(PositionLrInitial, PositionLrFinal, plan.PositionDecaySteps);
        var densifyRng = new Rng(seed ^ 0x13);
        var frameRng = new Rng(seed ^ 0x14);
        ShuffledFrameStack stack;
        Func<int, int> next;
        if (options.Variant == TalkingGaussianVariant.UniformSampling)
        {
            stack = new ShuffledFrameStack(train.Count, frameRng);
            next = _ => stack.Next();
        }
        else
        {
            var sampling = MouthSamplingData.FromColumn(frames.Au25, train, frames.MouthPixelCounts(train));
            var sampler = new MouthFrameSampler(sampling, schedule, frameRng);
            sampler.FallbackNotice = f => context.Log.WriteLine($"mouth sampler: no frame in the window at iteration {f.Iteration}; widened to the nearest frame");
            stack = sampler.Stack;
            next = sampler.Next;
        }

        Checkpoint<float> State() => TrainingCheckpoint.AddFrameStack(TrainingCheckpoint.AddGaussians(new Checkpoint<float>(), "mouth", model), "mouth_frames", stack, frameRng)
            .AddModule("mouth_motion", network).AddOptimizer("mouth_gaussians_adam", gaussOpt).AddOptimizer("mouth_motion_adam", motionOpt).AddRng("mouth_densify", densifyRng);
        for (var it = Resume("mouth", State, "mouth_frames", stack, motionLr); it <= iterations; it++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            gaussOpt.Groups[0].Lr = decay.At(it);
            if (it % plan.ShInterval == 0)
            {
                model.OneUpShDegree();
            }

            var frame = frames.Get(train[next(it)], true);
            var masks = frame.Masks!;
            var colourOnly = schedule.IsColourOnly(it);
            var bg = colourOnly ? Black : Green;
            var means = model.Means;
            if (schedule.UsesMotion(it))
            {
                var delta = network.ForwardEncoded(model.Means, network.EncodeAudio(frame.Audio));
                means = GaussianDeformation.Translate(model.Means, colourOnly ? delta.Detach() : delta);
            }

            var render = Render(frame.Camera, model, means, model.GetScaling(), model.GetRotation(), Colour(bg));
            var target = Tensor.FromArray(GreenScreenTargets.MouthGroundTruth(frame.GroundTruth, masks.Mouth, bg), 3, frames.Height, frames.Width);
            var image = GreenScreenTargets.FillBackground(render.Color, GreenScreenTargets.MouthOverwriteMask(masks.LipsRect, masks.Mouth), bg);
            var terms = new LossTerms();
            AddPhotometric(terms, image, target);
            if (schedule.UsesAlphaPrior(it))
            {
                terms.Add("alpha_reg", GreenScreenTargets.AlphaPrior(render.Alpha, masks.LipsRect.ToMask(frames.Width, frames.Height)), 1e-3f);
            }

            if (lpips is not null && schedule.UsesLpips(it) && lpips.Patches(LpipsTerms.Branch.Mouth, it, image, target, schedule.PatchHalfMin, schedule.PatchHalfMax) is { } mouthLpips)
            {
                terms.Add("lpips", mouthLpips, LpipsTerms.MouthPatchWeight);
            }

            var loss = terms.Total;
            terms.Check("mouth", it);
            loss.Backward();
            if (colourOnly)
            {
                // Geometry and motion freeze after bg_iter: only colour steps.
                foreach (var p in (ReadOnlySpan<Tensor<float>>)[model.Means, model.RawOpacities, model.RawScales, model.Rotations])
                {
                    p.Grad = null;
                }
            }
            else if (it < schedule.DensifyUntil)
            {
                render.AccumulateDensificationStats(model);
                if (it > plan.DensifyFrom && it % plan.DensifyInterval == 0)
                {
                    SuppressGreenMouthGaussians(model);
                    model.DensifyAndPrune(Settings(0.0002, schedule.MinOpacity(it - plan.PruneShift), it > plan.ScreenSizeFrom), densifyRng, gaussOpt);
                }
            }

            gaussOpt.Step();
            gaussOpt.ZeroGrad();
            if (schedule.UsesMotion(it) && !colourOnly)
            {
                motionOpt.Step();
            }

            motionOpt.ZeroGrad();
            motionLr.Step();
            Record("mouth", it, iterations, terms, started, TrainingCheckpoint.Named("mouth", model).Concat(TrainingCheckpoint.Named("mouth_motion", network)), h => h.MouthPsnr(model, network), null, model.Count);
            Report(it, iterations, "mouth", loss, model.Count);
            SaveCheckpoint("mouth", it, State);
        }

        mouthBranch = (model, network);
        return (model, network);
    }

    /// <summary>Face branch (notes §3.4).</summary>
    public (GaussianModel Model, FaceMotionNetwork<float> Network) TrainFace(ulong seed)
    {
        var iterations = options.EffectiveFaceIterations();
        var schedule = new FaceBranchSchedule().Scaled(iterations / 50_000.0);
        var plan = BranchPlan.For(iterations);
        if (resume is { StageIndex: > 1 })
        {
            var restored = new FaceMotionNetwork<float>(NetworkOptions, new Rng(seed ^ 0x22));
            resume.LoadModule("face_motion", restored);
            return (resume.Gaussians("face", ShDegree), restored);
        }

        GaussianModel? finishedMouth = null;
        MouthMotionNetwork<float>? finishedMouthNet = null;
        if (Decomposed)
        {
            (finishedMouth, finishedMouthNet) = mouthBranch ?? throw new InvalidOperationException("TrainFace: train the mouth branch first.");
        }

        var model = resume?.Stage == "face" ? resume.Gaussians("face", ShDegree) : GaussianModel.RandomInBox(options.EffectiveFaceInitCount(), new Rng(seed ^ 0x21), ShDegree);
        var network = new FaceMotionNetwork<float>(NetworkOptions, new Rng(seed ^ 0x22));
        var gaussOpt = Optimizers.Gaussians(model, PositionLrInitial);
        var motionOpt = Optimizers.Motion(network);
        var motionLr = LrSchedule<float>.Lambda(motionOpt.Groups, schedule.MotionLrFactor);
        var decay = new ExponentialLrDecay(PositionLrInitial, PositionLrFinal, plan.PositionDecaySteps);
        var densifyRng = new Rng(seed ^ 0x23);
        var frameRng = new Rng(seed ^ 0x24);
        ShuffledFrameStack stack;
        Func<int, int> next;
        if (options.Variant == TalkingGaussianVariant.UniformSampling)
        {
            stack = new ShuffledFrameStack(train.Count, frameRng);
            next = _ => stack.Next();
        }
        else
        {
            var rects = frames.Masks.Rects;
            var sampling = new FaceSamplingData(
                [.. train.Select(i => (double)rects.MouthHeight[i])],
                rects.TrainMouthBound[0],
                rects.TrainMouthBound[1],
                [.. train.Select(i => Math.Clamp(frames.Au45[i], 0, 2) / 2)]);
            var sampler = new FaceFrameSampler(sampling, schedule, frameRng);
            sampler.FallbackNotice = f => context.Log.WriteLine($"face sampler: no frame in the window at iteration {f.Iteration}; widened to the nearest frame");
            stack = sampler.Stack;
            next = sampler.Next;
        }

        Checkpoint<float> State() => TrainingCheckpoint.AddFrameStack(TrainingCheckpoint.AddGaussians(TrainingCheckpoint.AddMouth(new Checkpoint<float>(), finishedMouth, finishedMouthNet), "face", model), "face_frames", stack, frameRng)
            .AddModule("face_motion", network).AddOptimizer("face_gaussians_adam", gaussOpt).AddOptimizer("face_motion_adam", motionOpt).AddRng("face_densify", densifyRng);
        var greenBg = Colour(Green);
        for (var it = Resume("face", State, "face_frames", stack, motionLr); it <= iterations; it++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            gaussOpt.Groups[0].Lr = decay.At(it);
            if (it % plan.ShInterval == 0)
            {
                model.OneUpShDegree();
            }

            var frame = frames.Get(train[next(it)], true);
            var masks = frame.Masks!;
            FaceMotion<float>? motion = null;
            Tensor<float> means = model.Means, scales, rotations;
            if (schedule.UsesMotion(it))
            {
                motion = network.ForwardEncoded(model.Means, network.EncodeAudio(frame.Audio), frame.Expression);
                var deformed = GaussianDeformation.Deform(model.Means, model.RawScales, model.Rotations, motion);
                (means, scales, rotations) = (deformed.Positions, deformed.Scales, deformed.Rotations);
            }
            else
            {
                (scales, rotations) = (model.GetScaling(), model.GetRotation());
            }
            var render = Render(frame.Camera, model, means, scales, rotations, greenBg);
            var maskHair = schedule.MasksHair(it);

            // no-decomposition: the mouth belongs to the head (GT, not green); nothing is greened inside it.
            var (faceRegion, mouth) = FaceBranchRegions.For(masks.Face, masks.Mouth, Decomposed, schedule.UsesLpips(it) ? schedule.MouthErosionPasses : 0);
            var target = Tensor.FromArray(GreenScreenTargets.FaceGroundTruth(frame.GroundTruth, faceRegion, masks.Hair, mouth, maskHair, Green), 3, frames.Height, frames.Width);
            var image = maskHair ? GreenScreenTargets.FillBackground(render.Color, masks.Hair, Green) : render.Color;
            var terms = new LossTerms();
            AddPhotometric(terms, image, target);
            if (motion is not null && schedule.UsesRegularisers(it) && model.Count > 0)
            {
                var motionReg = motion.DeltaPosition.Abs().Mean().Add(motion.DeltaRotation.Abs().Mean())
                    .Add(motion.DeltaOpacity.Abs().Mean()).Add(motion.DeltaScale.Abs().Mean());
                terms.Add("motion_reg", motionReg, 1e-5f);
                var head = Union(faceRegion, masks.Hair);
                terms.Add("alpha_reg", GreenScreenTargets.AlphaPrior(render.Alpha, head), 1e-3f);
                if (motion.AudioAttentionNorm is { } audioNorm && motion.ExpressionAttentionNorm is { } eyeNorm)
                {
                    terms.Add("attention_reg", AttentionRegulariser(frame.Camera, model, means, scales, rotations, audioNorm, eyeNorm, masks, maskHair));
                }
            }

            if (lpips is not null && schedule.UsesLpips(it) && lpips.Face(it, image, target, masks.LipsRect, Green, schedule) is { } faceLpips)
            {
                // Already weighted: 0.01 · lips-crop LPIPS + 0.2 · patch LPIPS.
                terms.Add("lpips", faceLpips);
            }

            var loss = terms.Total;
            terms.Check("face", it);
            loss.Backward();
            if (it < schedule.DensifyUntil)
            {
                render.AccumulateDensificationStats(model);
                if (it > plan.DensifyFrom && it % plan.DensifyInterval == 0)
                {
                    model.DensifyAndPrune(Settings(0.0005, schedule.MinOpacity(it - plan.PruneShift), it > plan.ScreenSizeFrom), densifyRng, gaussOpt);
                }

                if (it > plan.DensifyFrom && it % plan.DensifyInterval == 0)
                {
                    PruneGreenFaceGaussians(model, gaussOpt);
                }
            }

            gaussOpt.Step();
            gaussOpt.ZeroGrad();
            if (motion is not null)
            {
                motionOpt.Step();
            }

            motionOpt.ZeroGrad();
            motionLr.Step();
            Record("face", it, iterations, terms, started, TrainingCheckpoint.Named("face", model).Concat(TrainingCheckpoint.Named("face_motion", network)), h => h.Psnr(new TalkingGaussianModel(model, network, finishedMouth, finishedMouthNet)), model.Count, finishedMouth?.Count);
            Report(it, iterations, "face", loss, model.Count);
            SaveCheckpoint("face", it, State);
        }

        return (model, network);
    }

    /// <summary>Fuse (notes §3.5): motion and geometry frozen; face SH and opacity (lr 1e-3) and mouth SH train on the full frame.</summary>
    public void TrainFuse(TalkingGaussianModel model)
    {
        var iterations = options.EffectiveFuseIterations();
        var face = model.Face;
        var mouth = model.Mouth;
        model.FaceMotion.RequiresGrad(false);
        model.MouthMotion?.RequiresGrad(false);

        // Without a mouth branch (no-decomposition) only the face trains: face over torso/background.
        Tensor<float>[] frozen = mouth is null ? [face.Means, face.RawScales, face.Rotations] : [face.Means, face.RawScales, face.Rotations, mouth.Means, mouth.RawScales, mouth.Rotations, mouth.RawOpacities];
        foreach (var p in frozen)
        {
            p.RequiresGrad = false;
        }

        var optimizer = new Adam<float>(
            [
                new ParameterGroup<float>(mouth is null ? [face.FeaturesDc] : [face.FeaturesDc, mouth.FeaturesDc], 2.5e-3) { Eps = 1e-15, Name = "f_dc" },
                new ParameterGroup<float>(mouth is null ? [face.FeaturesRest] : [face.FeaturesRest, mouth.FeaturesRest], 2.5e-3 / 20) { Eps = 1e-15, Name = "f_rest" },
                new ParameterGroup<float>([face.RawOpacities], 1e-3) { Eps = 1e-15, Name = "opacity" },
            ]);
        var frameRng = new Rng((ulong)context.Seed ^ 0x31);
        var stack = new ShuffledFrameStack(train.Count, frameRng);
        Checkpoint<float> State() => TrainingCheckpoint.AddFrameStack(TrainingCheckpoint.AddGaussians(TrainingCheckpoint.AddMouth(new Checkpoint<float>(), mouth, model.MouthMotion), "face", face), "fuse_frames", stack, frameRng)
            .AddModule("face_motion", model.FaceMotion).AddOptimizer("fuse_adam", optimizer);
        var geometry = new Dictionary<int, FrozenGeometry>();
        for (var it = Resume("fuse", State, "fuse_frames", stack, null); it <= iterations; it++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var frame = frames.Get(train[stack.Next()], true);
            if (!geometry.TryGetValue(frame.Index, out var g))
            {
                g = FrozenGeometry.Compute(model, frame);
                if (geometry.Count < 512)
                {
                    geometry[frame.Index] = g;
                }
            }

            var image = Compose(model, frame, g);
            var target = Tensor.FromArray(frame.GroundTruth!, 3, frames.Height, frames.Width);
            var terms = new LossTerms();
            AddPhotometric(terms, image, target);
            if (lpips is not null && it > LpipsTerms.FuseStart(iterations) && lpips.Patches(LpipsTerms.Branch.Fuse, it, image, target, LpipsTerms.FusePatchHalfMin, LpipsTerms.FusePatchHalfMax) is { } fuseLpips)
            {
                terms.Add("lpips", fuseLpips, LpipsTerms.FusePatchWeight);
            }

            var loss = terms.Total;
            terms.Check("fuse", it);
            loss.Backward();
            optimizer.Step();
            optimizer.ZeroGrad();
            Record("fuse", it, iterations, terms, started, TrainingCheckpoint.Named("face", face).Concat(mouth is null ? [] : TrainingCheckpoint.Named("mouth", mouth)), h => h.Psnr(model), face.Count, mouth?.Count);
            Report(it, iterations, "fuse", loss, face.Count + (mouth?.Count ?? 0));
            SaveCheckpoint("fuse", it, State);
        }

        model.FaceMotion.RequiresGrad(true);
        model.MouthMotion?.RequiresGrad(true);
    }

    /// <summary>face over mouth over (torso + background), both rendered over black (notes §2.7), or face over (torso + background) without a mouth branch; <paramref name="dilateMouthAlpha"/>: inference-only <c>--dilate</c>.</summary>
    public static Tensor<float> Compose(TalkingGaussianModel model, SceneFrame frame, FrozenGeometry g, bool dilateMouthAlpha = false)
    {
        var black = Colour(Black);
        var faceRender = Render(frame.Camera, model.Face, g.FaceMeans, g.FaceScales, g.FaceRotations, black);
        if (model.Mouth is null || g.MouthMeans is null)
        {
            return FusionCompositor.Over(faceRender.Color, faceRender.Alpha, Tensor.FromArray(frame.Background, 3, frame.Camera.Height, frame.Camera.Width));
        }

        var mouthRender = Render(frame.Camera, model.Mouth, g.MouthMeans, model.Mouth.GetScaling().Detach(), model.Mouth.GetRotation().Detach(), black);
        var background = Tensor.FromArray(frame.Background, 3, frame.Camera.Height, frame.Camera.Width);
        return FusionCompositor.Compose(faceRender.Color, faceRender.Alpha, mouthRender.Color, mouthRender.Alpha, background, dilateMouthAlpha);
    }

    internal static PixelMask Union(PixelMask a, PixelMask b)
    {
        var m = new PixelMask(a.Width, a.Height);
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = a[i] || b[i];
        }

        return m;
    }

    private DensificationSettings Settings(double threshold, double minOpacity, bool screenSize) =>
        new(threshold, minOpacity, extent, screenSize ? 20 : null) { PercentDense = 0.005 };

    // Attention maps (notes §2.5): per-Gaussian colour (‖a_att‖, ‖e_att‖, 0) splatted with detached geometry.
    internal static Tensor<float> AttentionRegulariser(Camera camera, GaussianModel model, Tensor<float> means, Tensor<float> scales, Tensor<float> rotations, Tensor<float> audioNorm, Tensor<float> eyeNorm, FrameMasks masks, bool maskHair)
    {
        var n = model.Count;
        var colour = Tensor.Concat([audioNorm, eyeNorm, Tensor.Zeros<float>(n, 1)], 1);
        var features = colour.Sub(0.5f).Mul(1f / SphericalHarmonics.C0).Reshape(n, 1, 3);
        var map = GaussianRasterizer.Render(camera, new GaussianRenderInputs(means.Detach(), features, model.GetOpacity().Detach(), scales.Detach(), rotations.Detach(), 0), Colour(Green)).Color;
        var audioMap = map.Narrow(0, 0, 1);
        var eyeMap = map.Narrow(0, 1, 1);
        var lips = MaskTensor(masks.LipsRect.ToMask(camera.Width, camera.Height));
        var loss = eyeMap.Mul(lips).Mean().Mul(1e-4f);
        if (!maskHair)
        {
            var hair = MaskTensor(masks.Hair);
            loss = loss.Add(eyeMap.Mul(hair).Mean().Mul(1e-4f)).Add(audioMap.Mul(hair).Mean().Mul(1e-4f));
        }

        return loss;
    }

    // Mouth green-screen handling at a densification step: reset opacity to 0.1 and divide the raw scale by 10 for
    // Gaussians whose (DC) colour is green (R < 20/255, G > 235/255, B < 20/255); their gradient accumulator is halved.
    private static void SuppressGreenMouthGaussians(GaussianModel model)
    {
        var green = GreenRows(model, 20 / 255.0, 235 / 255.0);
        if (green.Count == 0)
        {
            return;
        }

        var opacity = CustomOp.Data(model.RawOpacities);
        var scales = CustomOp.Data(model.RawScales);
        var logit = (float)Math.Log(0.1 / 0.9);
        foreach (var i in green)
        {
            opacity[i] = Math.Min(opacity[i], logit);
            for (var a = 0; a < 3; a++)
            {
                scales[(3 * i) + a] /= 10f;
            }

            model.Stats.GradientAccum[i] *= 0.5f;
        }
    }

    // Face: delete Gaussians whose (DC) colour is green (R < 30/255, G > 225/255, B < 30/255).
    private static void PruneGreenFaceGaussians(GaussianModel model, Adam<float> optimizer)
    {
        var green = GreenRows(model, 30 / 255.0, 225 / 255.0);
        if (green.Count == 0 || green.Count == model.Count)
        {
            return;
        }

        var keep = new bool[model.Count];
        Array.Fill(keep, true);
        foreach (var i in green)
        {
            keep[i] = false;
        }

        model.Prune(keep, optimizer);
    }

    private static List<int> GreenRows(GaussianModel model, double low, double high)
    {
        var dc = model.FeaturesDc.ToArray();
        var rows = new List<int>();
        for (var i = 0; i < model.Count; i++)
        {
            var r = (SphericalHarmonics.C0 * dc[3 * i]) + 0.5;
            var g = (SphericalHarmonics.C0 * dc[(3 * i) + 1]) + 0.5;
            var b = (SphericalHarmonics.C0 * dc[(3 * i) + 2]) + 0.5;
            if (r < low && g > high && b < low)
            {
                rows.Add(i);
            }
        }

        return rows;
    }

    /// <summary>Writes <c>curves.csv</c> into the model folder.</summary>
    public void WriteCurves(string directory) => curves.Write(directory);

    // Restores the stage's registered state when the checkpoint is of this stage; returns the first iteration to run.
    private int Resume(string stage, Func<Checkpoint<float>> state, string stackName, ShuffledFrameStack stack, LrSchedule<float>? schedule)
    {
        if (resume?.Stage != stage)
        {
            return 1;
        }

        resume.Load(state());
        resume.RestoreFrameStack(stackName, stack);
        for (var e = 0; e < resume.Iteration; e++)
        {
            schedule?.Step();
        }

        return resume.Iteration + 1;
    }

    // NaN/Inf check of the parameters after the step, then one curve row (iteration time excludes the held-out PSNR).
    private void Record(string stage, int it, int iterations, LossTerms terms, long started, IEnumerable<(string Name, Tensor<float> Tensor)> parameters, Func<HeldOutEvaluation, double> psnrOf, int? faceCount, int? mouthCount)
    {
        ParameterCheck.Check(stage, it, parameters);
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        double? psnr = heldOut.Due(it, iterations) ? psnrOf(heldOut) : null;
        curves.Add(stage, it, terms.Values(), psnr, faceCount, mouthCount, milliseconds);
    }

    private void SaveCheckpoint(string stage, int it, Func<Checkpoint<float>> state)
    {
        if (checkpoints is null || it % options.CheckpointInterval != 0)
        {
            return;
        }

        curves.Flush();
        TrainingCheckpoint.Save(checkpoints, state(), stage, it, done, curves.Count, fingerprint, context.Threads);
    }

    private void Report(int it, int iterations, string branch, Tensor<float> loss, int count)
    {
        done++;
        if (count == 0 && emptied.Add(branch))
        {
            context.Log.WriteLine($"warning: every {branch} Gaussian was pruned by iteration {it}; the branch renders nothing (a very small mouth region, or too few iterations before the opacity prune).");
        }

        context.Progress.Report(new MethodProgress(done, total, branch));
        if (options.LogInterval > 0 && (it % options.LogInterval == 0 || it == iterations))
        {
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{branch} {it}/{iterations}: loss {loss.Item():F5}, {count} Gaussians"));
        }
    }
}
