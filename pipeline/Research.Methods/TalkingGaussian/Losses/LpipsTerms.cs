using System.Globalization;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Losses;

/// <summary>
/// The LPIPS terms of the three training programs (notes §3.3–3.5), upstream's
/// <c>w · lpips_criterion(patchify(x·2 − 1, p), patchify(y·2 − 1, p)).mean()</c> and the face branch's lips-crop term,
/// over a frozen <see cref="IPerceptualLoss"/>. All patches of one image go through the network as one batch.
/// The patch size 2·randint(a, b) is drawn from a generator seeded by (seed, branch, iteration), so a resumed run draws
/// the same sizes without extra checkpoint state. Two guards for images smaller than upstream assumes (it trains at
/// 512²), each noted once in the log: a patch larger than the image shrinks to the image's smaller side, and a lips
/// crop smaller than 32 px per side grows to 32 px around its centre (the ER-NeRF fix for AlexNet's "Output size is
/// too small", notes §6.4); a term whose input is still below the network's minimum side is skipped.
/// </summary>
internal sealed class LpipsTerms
{
    /// <summary>Mouth branch: 0.5·patch LPIPS, patches 2·randint(16, 21), after bg_iter (notes §3.3).</summary>
    public const float MouthPatchWeight = 0.5f;

    /// <summary>Face branch: 0.01·LPIPS on the lips-rectangle crop after lpips_start (notes §3.4).</summary>
    public const float FaceLipsWeight = 0.01f;

    /// <summary>Face branch: 0.2·patch LPIPS, patches 2·randint(32, 48), lips rectangle blanked in both images.</summary>
    public const float FacePatchWeight = 0.2f;

    /// <summary>Fuse: 0.5·patch LPIPS, patches 2·randint(16, 21), after iteration 5000 of 10,000 (notes §3.5).</summary>
    public const float FusePatchWeight = 0.5f;

    /// <summary>Fuse patch half-size range (as the mouth branch).</summary>
    public const int FusePatchHalfMin = 16;

    /// <summary>Upper end of the fuse patch half size.</summary>
    public const int FusePatchHalfMax = 21;

    /// <summary>Lips crops are padded to at least this side (ER-NeRF commit 3dc3439).</summary>
    public const int MinimumCropSide = 32;

    private readonly IPerceptualLoss loss;
    private readonly TextWriter log;
    private readonly ulong seed;
    private readonly HashSet<string> noted = [];

    public LpipsTerms(IPerceptualLoss loss, TextWriter log, ulong seed)
    {
        this.loss = loss;
        this.log = log;
        this.seed = seed;
    }

    /// <summary>Random streams of the patch sizes, one per program.</summary>
    public enum Branch : ulong
    {
        /// <summary>train_mouth.py.</summary>
        Mouth = 0x15,

        /// <summary>train_face.py.</summary>
        Face = 0x25,

        /// <summary>train_fuse.py.</summary>
        Fuse = 0x35,
    }

    /// <summary>The fuse stage's LPIPS start (5000 of 10,000), scaled like the branch schedules.</summary>
    public static int FuseStart(int iterations) => MouthBranchSchedule.Scale(5_000, iterations / 10_000.0);

    /// <summary>The patch size of <paramref name="iteration"/>: 2·randint(<paramref name="halfMin"/>, <paramref name="halfMax"/>).</summary>
    public int PatchSize(Branch branch, int iteration, int halfMin, int halfMax) =>
        LpipsPatches.DrawPatchSize(new Rng(seed ^ (ulong)branch ^ ((ulong)iteration * 0xD1B54A32D192ED03UL)), halfMin, halfMax);

    /// <summary>
    /// Mean LPIPS over the p×p tiles of <paramref name="image"/> against <paramref name="target"/> (both [3, H, W]),
    /// p = 2·randint(<paramref name="halfMin"/>, <paramref name="halfMax"/>); null when the image is too small.
    /// </summary>
    public Tensor<float>? Patches(Branch branch, int iteration, Tensor<float> image, Tensor<float> target, int halfMin, int halfMax)
    {
        var p = PatchSize(branch, iteration, halfMin, halfMax);
        var side = Math.Min(image.Size(1), image.Size(2));
        if (p > side)
        {
            Note("patch", $"notice: {image.Size(2)}x{image.Size(1)} images are smaller than the LPIPS patch size ({2 * halfMin}–{2 * halfMax} px, upstream trains at 512²); patches shrink to {side} px.");
            p = side;
        }

        if (p < loss.MinimumSide)
        {
            Note("patch-small", $"notice: {image.Size(2)}x{image.Size(1)} images are below the LPIPS network's minimum side {loss.MinimumSide}; the patch LPIPS terms are skipped.");
            return null;
        }

        return loss.Distances(LpipsPatches.Patchify(image, p), LpipsPatches.Patchify(target, p)).Mean();
    }

    /// <summary>
    /// The face branch's LPIPS after lpips_start: 0.01·LPIPS(lips crop) + 0.2·patch LPIPS with the lips rectangle set
    /// to <paramref name="background"/> in both images (the composition of train_face.py); null when both are skipped.
    /// </summary>
    public Tensor<float>? Face(int iteration, Tensor<float> image, Tensor<float> target, LandmarkRect lips, (double R, double G, double B) background, FaceBranchSchedule schedule)
    {
        Tensor<float>? total = null;
        var rect = PaddedCrop(lips, image.Size(1), image.Size(2));
        if (rect is { } r)
        {
            total = loss.Distances(LpipsPatches.Crop(image, r), LpipsPatches.Crop(target, r)).Mean().Mul(FaceLipsWeight);
        }

        var mask = lips.ToMask(image.Size(2), image.Size(1));
        var blankImage = GreenScreenTargets.FillBackground(image, mask, background);
        var blankTarget = GreenScreenTargets.FillBackground(target, mask, background);
        if (Patches(Branch.Face, iteration, blankImage, blankTarget, schedule.PatchHalfMin, schedule.PatchHalfMax) is { } patches)
        {
            var term = patches.Mul(FacePatchWeight);
            total = total is null ? term : total.Add(term);
        }

        return total;
    }

    // The crop grown to at least MinimumCropSide per side around its centre, kept inside the image; null (with a
    // notice) when even that is below the network's minimum.
    private LandmarkRect? PaddedCrop(LandmarkRect rect, int height, int width)
    {
        var (r0, r1) = (SliceBound(rect.RowMin, height), SliceBound(rect.RowMax, height));
        var (c0, c1) = (SliceBound(rect.ColumnMin, width), SliceBound(rect.ColumnMax, width));
        if (r1 - r0 >= MinimumCropSide && c1 - c0 >= MinimumCropSide)
        {
            return rect;
        }

        Note("crop", string.Create(CultureInfo.InvariantCulture, $"notice: a lips rectangle is smaller than {MinimumCropSide} px ({c1 - c0}x{r1 - r0} at the first occurrence); LPIPS crops are padded to {MinimumCropSide} px around their centre (the ER-NeRF fix; upstream AlexNet LPIPS fails on such crops)."));
        (r0, r1) = Grow(r0, r1, height);
        (c0, c1) = Grow(c0, c1, width);
        if (r1 - r0 < loss.MinimumSide || c1 - c0 < loss.MinimumSide)
        {
            Note("crop-small", $"notice: {width}x{height} images are below the LPIPS network's minimum side {loss.MinimumSide}; the lips-crop LPIPS term is skipped.");
            return null;
        }

        return new LandmarkRect(r0, r1, c0, c1);
    }

    private static (int Start, int Stop) Grow(int start, int stop, int length)
    {
        var size = Math.Min(Math.Max(stop - start, MinimumCropSide), length);
        var begin = Math.Clamp(((start + stop) / 2) - (size / 2), 0, length - size);
        return (begin, begin + size);
    }

    private static int SliceBound(int bound, int length) => bound < 0 ? Math.Max(0, bound + length) : Math.Min(bound, length);

    private void Note(string key, string message)
    {
        if (noted.Add(key))
        {
            log.WriteLine(message);
        }
    }
}
