using System.Numerics;
using Research.Datasets.Masks;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// The green-screen supervision of the two branches (notes §3.3–3.4). Images are planar float [3, H, W] in [0, 1]
/// (channel-major, row-major pixels); masks are <see cref="PixelMask"/>s of the same W×H. The background argument is
/// the solid training colour (green (0, 1, 0); the mouth branch switches to black after bg_iter), not the torso plate.
/// Render-side edits are autograd ops so overwritten pixels pass no gradient.
/// </summary>
public static class GreenScreenTargets
{
    /// <summary>The training background colour, green (0, 1, 0).</summary>
    public static (double R, double G, double B) Green => (0, 1, 0);

    /// <summary>
    /// Face target: GT on head = face ∪ hair, background elsewhere; then, when <paramref name="maskHair"/>
    /// (<see cref="FaceBranchSchedule.MasksHair"/>), hair pixels become background; finally mouth-mask pixels become
    /// background (the face learns to be transparent inside the mouth).
    /// </summary>
    public static float[] FaceGroundTruth(ReadOnlySpan<float> groundTruth, PixelMask face, PixelMask hair, PixelMask mouth, bool maskHair, (double R, double G, double B) background)
    {
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(hair);
        ArgumentNullException.ThrowIfNull(mouth);
        var n = CheckImage(groundTruth, "FaceGroundTruth", face, hair, mouth);
        var bg = Colour(background);
        var output = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            var head = face[i] || hair[i];
            var useBg = !head || (maskHair && hair[i]) || mouth[i];
            for (var c = 0; c < 3; c++)
            {
                output[(c * n) + i] = useBg ? bg[c] : groundTruth[(c * n) + i];
            }
        }

        return output;
    }

    /// <summary>Mouth target: GT·mouth + bg·(1 − mouth).</summary>
    public static float[] MouthGroundTruth(ReadOnlySpan<float> groundTruth, PixelMask mouth, (double R, double G, double B) background)
    {
        ArgumentNullException.ThrowIfNull(mouth);
        var n = CheckImage(groundTruth, "MouthGroundTruth", mouth);
        var bg = Colour(background);
        var output = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                output[(c * n) + i] = mouth[i] ? groundTruth[(c * n) + i] : bg[c];
            }
        }

        return output;
    }

    /// <summary>
    /// The mouth-branch render pixels that are overwritten with background: <c>lips_mask ^ mouth_mask</c> upstream, i.e.
    /// inside the lips rectangle but outside the mouth mask — and also mouth-mask pixels outside the rectangle (XOR; the
    /// notes' wording covers only the first part, which is all of it when the mouth mask lies inside the rectangle).
    /// </summary>
    public static PixelMask MouthOverwriteMask(LandmarkRect lipsRect, PixelMask mouth)
    {
        ArgumentNullException.ThrowIfNull(mouth);
        var lips = lipsRect.ToMask(mouth.Width, mouth.Height);
        var result = new PixelMask(mouth.Width, mouth.Height);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = lips[i] ^ mouth[i];
        }

        return result;
    }

    /// <summary>
    /// render·(1 − m) + bg·m for a render [3, H, W]: pixels in <paramref name="mask"/> become the background colour and
    /// get zero gradient (face: hair on hair-masked iterations; mouth: <see cref="MouthOverwriteMask"/>).
    /// </summary>
    public static Tensor<T> FillBackground<T>(Tensor<T> render, PixelMask mask, (double R, double G, double B) background)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(mask);
        if (render.Rank != 3 || render.Size(0) != 3 || render.Size(1) != mask.Height || render.Size(2) != mask.Width)
        {
            throw new ArgumentException($"FillBackground: render [{string.Join(", ", render.Shape)}] must be [3, {mask.Height}, {mask.Width}] for a {mask.Width}x{mask.Height} mask.", nameof(render));
        }

        var m = MaskTensor<T>(mask);
        var bg = Tensor.FromArray([T.CreateChecked(background.R), T.CreateChecked(background.G), T.CreateChecked(background.B)], 3, 1, 1);
        return render.Mul(T.One - m).Add(bg.Mul(m));
    }

    /// <summary>
    /// The alpha prior 1e-3·[mean((1 − α)·m) + mean(α·¬m)] without the weight: mean((1 − α)·m) + mean(α·(1 − m)) over an
    /// alpha [1, H, W] (mouth: m = lips rectangle; face: m = head).
    /// </summary>
    public static Tensor<T> AlphaPrior<T>(Tensor<T> alpha, PixelMask region)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(region);
        if (alpha.Rank != 3 || alpha.Size(0) != 1 || alpha.Size(1) != region.Height || alpha.Size(2) != region.Width)
        {
            throw new ArgumentException($"AlphaPrior: alpha [{string.Join(", ", alpha.Shape)}] must be [1, {region.Height}, {region.Width}].", nameof(alpha));
        }

        var m = MaskTensor<T>(region);
        return (T.One - alpha).Mul(m).Mean().Add(alpha.Mul(T.One - m).Mean());
    }

    /// <summary>
    /// <paramref name="passes"/> 3×3 erosions (<c>−maxpool(−m)</c>, stride 1, padding 1): a pixel stays only if its whole
    /// in-image 3×3 neighbourhood is set — out-of-image pixels do not erode (max-pool pads with −∞). Face branch after
    /// LPIPS starts: 2 passes.
    /// </summary>
    public static PixelMask Erode(PixelMask mask, int passes)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegative(passes);
        var current = mask;
        for (var p = 0; p < passes; p++)
        {
            var next = new PixelMask(mask.Width, mask.Height);
            for (var y = 0; y < mask.Height; y++)
            {
                for (var x = 0; x < mask.Width; x++)
                {
                    var keep = true;
                    for (var dy = -1; dy <= 1 && keep; dy++)
                    {
                        for (var dx = -1; dx <= 1 && keep; dx++)
                        {
                            var (u, v) = (x + dx, y + dy);
                            if (u >= 0 && u < mask.Width && v >= 0 && v < mask.Height && !current[u, v])
                            {
                                keep = false;
                            }
                        }
                    }

                    next[x, y] = keep;
                }
            }

            current = next;
        }

        return current;
    }

    private static Tensor<T> MaskTensor<T>(PixelMask mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[mask.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = mask[i] ? T.One : T.Zero;
        }

        return Tensor.FromArray(data, 1, mask.Height, mask.Width);
    }

    private static float[] Colour((double R, double G, double B) background) => [(float)background.R, (float)background.G, (float)background.B];

    private static int CheckImage(ReadOnlySpan<float> image, string op, params PixelMask[] masks)
    {
        var (w, h) = (masks[0].Width, masks[0].Height);
        if (masks.Any(m => m.Width != w || m.Height != h))
        {
            throw new ArgumentException($"{op}: masks differ in size ({string.Join(", ", masks.Select(m => $"{m.Width}x{m.Height}"))}).", nameof(masks));
        }

        if (image.Length != 3 * w * h)
        {
            throw new ArgumentException($"{op}: image has {image.Length} values but a [3, {h}, {w}] image needs {3 * w * h}.", nameof(image));
        }

        return w * h;
    }
}
