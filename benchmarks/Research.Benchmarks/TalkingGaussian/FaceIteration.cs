using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Method;
using Research.Methods.TalkingGaussian.Networks;
using Research.Methods.TalkingGaussian.Training;
using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Tensors;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Benchmarks.TalkingGaussian;

/// <summary>
/// One face-branch training iteration of TalkingGaussian's paper configuration in its motion phase (hair masked,
/// regularisers on), composed from the building blocks <c>TalkingGaussianTrainer.TrainFace</c> uses, in its order:
/// audio encode of the 8-frame window, FaceMotionNetwork forward, deformation, render over green, masked-hair target,
/// L1 + 0.2·D-SSIM, motion / alpha / attention-map regularisers, backward, densification statistics, Adam (Gaussians)
/// and AdamW (motion network) steps, zero grads. Synthetic 512² frame; see RESULTS.md for the scene.
/// </summary>
internal sealed class FaceIteration
{
    /// <summary>Image width and height.</summary>
    public const int Size = 512;

    /// <summary>Face Gaussians.</summary>
    public const int Gaussians = 30_000;

    /// <summary>Focal length in pixels (the official tracker's typical value for 512² clips).</summary>
    public const double Focal = 1200;

    /// <summary>Camera distance from the centre of the ±0.1 box (the box spans ~250–300 px).</summary>
    public const double Distance = 0.9;

    private static readonly (double R, double G, double B) Green = GreenScreenTargets.Green;

    private readonly Camera camera;
    private readonly GaussianModel model;
    private readonly FaceMotionNetwork<float> network;
    private readonly Adam<float> gaussOpt;
    private readonly Adam<float> motionOpt;
    private readonly LrSchedule<float> motionLr;
    private readonly Tensor<float> audio;
    private readonly Tensor<float> expression;
    private readonly float[] groundTruth;
    private readonly FrameMasks masks;
    private readonly Tensor<float> greenBg;

    /// <summary>Builds the scene, the network and the optimisers from <paramref name="seed"/>.</summary>
    public FaceIteration(ulong seed = 7)
    {
        camera = Camera.FromFocal(Size, Size, Focal, new Matrix4d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, Distance, 0, 0, 0, 1]));
        model = GaussianModel.RandomInBox(Gaussians, new Rng(seed ^ 0x21), 2);
        model.OneUpShDegree();
        model.OneUpShDegree();
        network = new FaceMotionNetwork<float>(MotionNetworkOptions.ForVariant(null), new Rng(seed ^ 0x22));
        gaussOpt = Optimizers.Gaussians(model, 1.6e-4 * 0.1);
        motionOpt = Optimizers.Motion(network);
        motionLr = LrSchedule<float>.Lambda(motionOpt.Groups, new FaceBranchSchedule().MotionLrFactor);
        var rng = new Rng(seed ^ 0x25);
        audio = Tensor.Uniform(rng, -1f, 1f, 8, 29, 16);
        expression = Tensor.Uniform(rng, 0f, 2f, 1, 6);
        (groundTruth, masks) = SyntheticFrame();
        greenBg = TalkingGaussianTrainer.Colour(Green);
    }

    /// <summary>The Gaussian model being trained.</summary>
    public GaussianModel Model => model;

    /// <summary>The motion network being trained.</summary>
    public FaceMotionNetwork<float> Network => network;

    /// <summary>Optional per-phase timer (profiling harness); null in the benchmark.</summary>
    public Action<string>? Mark { get; set; }

    /// <summary>Runs one iteration and returns the loss value.</summary>
    public float Step()
    {
        var motion = network.ForwardEncoded(model.Means, network.EncodeAudio(audio), expression);
        Mark?.Invoke("motion network forward");
        var deformed = GaussianDeformation.Deform(model.Means, model.RawScales, model.Rotations, motion);
        var (means, scales, rotations) = (deformed.Positions, deformed.Scales, deformed.Rotations);
        Mark?.Invoke("deformation");
        var render = TalkingGaussianTrainer.Render(camera, model, means, scales, rotations, greenBg);
        Mark?.Invoke("render forward");
        var target = Tensor.FromArray(GreenScreenTargets.FaceGroundTruth(groundTruth, masks.Face, masks.Hair, masks.Mouth, true, Green), 3, Size, Size);
        var image = GreenScreenTargets.FillBackground(render.Color, masks.Hair, Green);
        Mark?.Invoke("masked-hair target + fill");
        var loss = TalkingGaussianTrainer.Photometric(image, target);
        Mark?.Invoke("L1 + D-SSIM forward");
        var motionReg = motion.DeltaPosition.Abs().Mean().Add(motion.DeltaRotation.Abs().Mean())
            .Add(motion.DeltaOpacity.Abs().Mean()).Add(motion.DeltaScale.Abs().Mean());
        loss = loss.Add(motionReg.Mul(1e-5f));
        var head = TalkingGaussianTrainer.Union(masks.Face, masks.Hair);
        loss = loss.Add(GreenScreenTargets.AlphaPrior(render.Alpha, head).Mul(1e-3f));
        Mark?.Invoke("motion + alpha regularisers forward");
        loss = loss.Add(TalkingGaussianTrainer.AttentionRegulariser(camera, model, means, scales, rotations, motion.AudioAttentionNorm!, motion.ExpressionAttentionNorm!, masks, true));
        Mark?.Invoke("attention-map render forward");
        loss.Backward();
        Mark?.Invoke("backward (all)");
        render.AccumulateDensificationStats(model);
        Mark?.Invoke("densification stats");
        gaussOpt.Step();
        gaussOpt.ZeroGrad();
        Mark?.Invoke("Adam step (Gaussians)");
        motionOpt.Step();
        motionOpt.ZeroGrad();
        motionLr.Step();
        Mark?.Invoke("AdamW step (motion network)");
        return loss.Item();
    }

    // Head ellipse over the projected box, hair its top 28 %, face the rest, a mouth ellipse, the lips square around it;
    // ground truth a smooth skin-like pattern on the head and grey elsewhere.
    private static (float[] GroundTruth, FrameMasks Masks) SyntheticFrame()
    {
        const int n = Size * Size;
        var face = new PixelMask(Size, Size);
        var hair = new PixelMask(Size, Size);
        var mouth = new PixelMask(Size, Size);
        var empty = new PixelMask(Size, Size);
        var gt = new float[3 * n];
        const double cx = Size / 2.0, cy = Size / 2.0, rx = 120, ry = 145;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var (u, v) = ((x - cx) / rx, (y - cy) / ry);
                var inHead = (u * u) + (v * v) <= 1;
                var isHair = inHead && v < -0.44;
                face[x, y] = inHead && !isHair;
                hair[x, y] = isHair;
                var (mu, mv) = ((x - cx) / 32.0, (y - (cy + 70)) / 14.0);
                mouth[x, y] = (mu * mu) + (mv * mv) <= 1;
                var i = (y * Size) + x;
                var shade = inHead ? 0.15 * Math.Sin(x * 0.05) * Math.Cos(y * 0.045) : 0;
                gt[i] = (float)(inHead ? 0.78 + shade : 0.5);
                gt[n + i] = (float)(inHead ? 0.58 + shade : 0.5);
                gt[(2 * n) + i] = (float)(inHead ? 0.48 + shade : 0.5);
            }
        }

        var masks = new FrameMasks
        {
            Face = face,
            Hair = hair,
            Mouth = mouth,
            Neck = empty,
            Torso = empty,
            Background = empty,
            Teeth = empty,
            LipsRect = new LandmarkRect((int)cy + 30, (int)cy + 110, (int)cx - 40, (int)cx + 40),
            LowerHalfRect = new LandmarkRect((int)cy, (int)cy + 145, (int)cx - 120, (int)cx + 120),
        };
        return (gt, masks);
    }
}
