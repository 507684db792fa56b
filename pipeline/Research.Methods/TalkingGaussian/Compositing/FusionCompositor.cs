using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;

namespace Research.Methods.TalkingGaussian.Compositing;

/// <summary>
/// TalkingGaussian's fixed fusion (notes §2.7), as autograd ops on colours [3, H, W] and alphas [1, H, W]:
/// mouth_img = C_m + (1 − α_m)·BG, final = C_f + (1 − α_f)·mouth_img — face over mouth over (torso + background).
/// C_f and C_m are premultiplied renders (rendered over black, or <see cref="Premultiply"/>).
/// </summary>
public static class FusionCompositor
{
    /// <summary>Side of the optional α_m max-pool dilation (<c>--dilate</c>: 13×13, stride 1, padding 6).</summary>
    public const int DilationKernel = 13;

    /// <summary>Premultiplied colour from a render over a solid background: render − bg·(1 − α).</summary>
    /// <param name="render">Render C + T·bg, [3, H, W].</param>
    /// <param name="alpha">Render alpha, [1, H, W].</param>
    /// <param name="background">The solid colour the render used (r, g, b).</param>
    public static Tensor<T> Premultiply<T>(Tensor<T> render, Tensor<T> alpha, (double R, double G, double B) background)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(render, alpha, "Premultiply");
        var bg = Tensor.FromArray([T.CreateChecked(background.R), T.CreateChecked(background.G), T.CreateChecked(background.B)], 3, 1, 1);
        return render.Sub(bg.Mul(T.One - alpha));
    }

    /// <summary>C + (1 − α)·under: one premultiplied layer over an opaque image [3, H, W].</summary>
    public static Tensor<T> Over<T>(Tensor<T> color, Tensor<T> alpha, Tensor<T> under)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(color, alpha, "Over");
        ArgumentNullException.ThrowIfNull(under);
        if (under.Rank != 3 || under.Size(0) != 3 || under.Size(1) != color.Size(1) || under.Size(2) != color.Size(2))
        {
            throw new ArgumentException($"Over: image under [{string.Join(", ", under.Shape)}] must be [3, {color.Size(1)}, {color.Size(2)}] like the colour.", nameof(under));
        }

        return color.Add((T.One - alpha).Mul(under));
    }

    /// <summary>
    /// final = C_f + (1 − α_f)·(C_m + (1 − α_m)·BG). With <paramref name="dilateMouthAlpha"/>, α_m is first dilated by
    /// <see cref="DilateAlpha"/> (the inference-only <c>--dilate</c> option).
    /// </summary>
    public static Tensor<T> Compose<T>(Tensor<T> faceColor, Tensor<T> faceAlpha, Tensor<T> mouthColor, Tensor<T> mouthAlpha, Tensor<T> background, bool dilateMouthAlpha = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var alphaM = dilateMouthAlpha ? DilateAlpha(mouthAlpha) : mouthAlpha;
        return Over(faceColor, faceAlpha, Over(mouthColor, alphaM, background));
    }

    /// <summary>13×13 max-pool (stride 1, padding 6, padding ignored) of an alpha [1, H, W]; same shape, differentiable.</summary>
    public static Tensor<T> DilateAlpha<T>(Tensor<T> alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Rank != 3 || alpha.Size(0) != 1)
        {
            throw new ArgumentException($"DilateAlpha: alpha [{string.Join(", ", alpha.Shape)}] must be [1, H, W].", nameof(alpha));
        }

        return Functional.MaxPool2d(alpha, DilationKernel, 1, DilationKernel / 2);
    }

    private static void Check<T>(Tensor<T> color, Tensor<T> alpha, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(alpha);
        if (color.Rank != 3 || color.Size(0) != 3 || alpha.Rank != 3 || alpha.Size(0) != 1 || alpha.Size(1) != color.Size(1) || alpha.Size(2) != color.Size(2))
        {
            throw new ArgumentException($"{op}: colour [{string.Join(", ", color.Shape)}] and alpha [{string.Join(", ", alpha.Shape)}] must be [3, H, W] and [1, H, W].", nameof(alpha));
        }
    }
}
