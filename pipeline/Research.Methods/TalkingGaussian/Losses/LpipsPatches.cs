using System.Numerics;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Losses;

/// <summary>
/// The tiling behind TalkingGaussian's patch LPIPS (<c>utils/loss_utils.py:patchify</c>, notes §3.1): non-overlapping
/// p×p tiles in row-major tile order (the order of <c>F.unfold(kernel = stride = p)</c>), the right and bottom remainder
/// dropped; the patch size is 2·randint(a, b).
/// </summary>
public static class LpipsPatches
{
    /// <summary>Tiles of an image [C, H, W] or [1, C, H, W] as [⌊H/p⌋·⌊W/p⌋, C, p, p] (differentiable; a view chain).</summary>
    public static Tensor<T> Patchify<T>(Tensor<T> image, int patchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(image);
        var x = image.Rank == 4 && image.Size(0) == 1 ? image.Squeeze(0) : image;
        if (x.Rank != 3)
        {
            throw new ArgumentException($"Patchify: image [{string.Join(", ", image.Shape)}] must be [C, H, W] or [1, C, H, W].", nameof(image));
        }

        var (c, h, w) = (x.Size(0), x.Size(1), x.Size(2));
        if (patchSize <= 0 || patchSize > h || patchSize > w)
        {
            throw new ArgumentException($"Patchify: patch size {patchSize} does not fit image [{string.Join(", ", image.Shape)}].", nameof(patchSize));
        }

        var (rows, cols) = (h / patchSize, w / patchSize);
        return x.Narrow(1, 0, rows * patchSize).Narrow(2, 0, cols * patchSize)
            .Reshape(c, rows, patchSize, cols, patchSize)
            .Permute(1, 3, 0, 2, 4)
            .Reshape(rows * cols, c, patchSize, patchSize);
    }

    /// <summary>Patch size 2·randint(<paramref name="halfMin"/>, <paramref name="halfMax"/>), both ends inclusive (mouth/fuse 16..21, face 32..48).</summary>
    public static int DrawPatchSize(Rng rng, int halfMin, int halfMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfMin);
        return 2 * ShuffledFrameStack.RandInt(rng, halfMin, halfMax);
    }
}
