using System.Numerics;
using Research.Datasets.Masks;
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

    /// <summary>
    /// The crop <c>image[:, xmin:xmax, ymin:ymax]</c> of a [C, H, W] image with Python slice semantics (negative bounds
    /// count from the end, bounds clamp, stop ≤ start is empty → throws), as the face branch's 0.01·LPIPS on the lips
    /// rectangle (differentiable). Upstream does not pad small crops; AlexNet LPIPS needs at least ~32 px per side.
    /// </summary>
    public static Tensor<T> Crop<T>(Tensor<T> image, LandmarkRect rect)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Rank != 3)
        {
            throw new ArgumentException($"Crop: image [{string.Join(", ", image.Shape)}] must be [C, H, W].", nameof(image));
        }

        var (h, w) = (image.Size(1), image.Size(2));
        var (r0, r1) = (SliceBound(rect.RowMin, h), SliceBound(rect.RowMax, h));
        var (c0, c1) = (SliceBound(rect.ColumnMin, w), SliceBound(rect.ColumnMax, w));
        if (r1 <= r0 || c1 <= c0)
        {
            throw new ArgumentException($"Crop: rectangle {rect} selects nothing of image [{string.Join(", ", image.Shape)}].", nameof(rect));
        }

        return image.Narrow(1, r0, r1 - r0).Narrow(2, c0, c1 - c0);
    }

    /// <summary>Patch size 2·randint(<paramref name="halfMin"/>, <paramref name="halfMax"/>), both ends inclusive (mouth/fuse 16..21, face 32..48).</summary>
    public static int DrawPatchSize(Rng rng, int halfMin, int halfMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfMin);
        return 2 * ShuffledFrameStack.RandInt(rng, halfMin, halfMax);
    }

    private static int SliceBound(int bound, int length) => bound < 0 ? Math.Max(0, bound + length) : Math.Min(bound, length);
}
