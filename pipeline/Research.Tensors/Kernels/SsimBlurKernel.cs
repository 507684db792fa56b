using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Research.Tensors.Kernels;

/// <summary>
/// The fp32 separable zero-padded 11-tap blur of <see cref="SsimKernel"/>, register-blocked: each 16-pixel block
/// accumulates its taps in a register instead of one multiply-add pass over the row per tap. Per pixel it does the
/// same operations in the same order (acc ← src·tap + acc from +0, taps in index order, multiply and add separate);
/// out-of-image rows are skipped and out-of-image columns add +0, which leaves an accumulator that started at +0
/// unchanged — so the result is bit-identical to the multiply-add-per-tap formulation.
/// </summary>
internal static class SsimBlurKernel
{
    private const int Lanes = 16;

    /// <summary>Whether the vector path runs on this machine (else the caller uses its generic blur).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>Length of the padded-row buffer <see cref="Blur"/> needs for <paramref name="width"/>.</summary>
    public static int PaddedLength(int width) => width + (2 * SsimKernel.Radius) + Lanes;

    /// <summary>In-place blur of a height×width plane; <paramref name="temp"/> holds ≥ height·width values.</summary>
    public static void Blur(Span<float> data, Span<float> temp, Span<float> padded, int height, int width, ReadOnlySpan<float> taps)
    {
        const int r = SsimKernel.Radius;
        const int w = SsimKernel.WindowSize;
        padded.Clear();
        Span<float> last = stackalloc float[Lanes];
        for (var row = 0; row < height; row++)
        {
            data.Slice(row * width, width).CopyTo(padded[r..]);
            var dst = temp.Slice(row * width, width);
            ref var src = ref MemoryMarshal.GetReference(padded);
            for (var j = 0; j < width; j += Lanes)
            {
                var acc = Vector512<float>.Zero;
                for (var k = 0; k < w; k++)
                {
                    acc = (Vector512.LoadUnsafe(ref src, (nuint)(j + k)) * Vector512.Create(taps[k])) + acc;
                }

                if (j + Lanes <= width)
                {
                    acc.StoreUnsafe(ref MemoryMarshal.GetReference(dst), (nuint)j);
                }
                else
                {
                    acc.CopyTo(last);
                    last[..(width - j)].CopyTo(dst[j..]);
                }
            }
        }

        for (var row = 0; row < height; row++)
        {
            var kLo = Math.Max(0, r - row);
            var kHi = Math.Min(w - 1, height - 1 - row + r);
            var dst = data.Slice(row * width, width);
            ref var t = ref MemoryMarshal.GetReference(temp);
            var j = 0;
            for (; j + Lanes <= width; j += Lanes)
            {
                var acc = Vector512<float>.Zero;
                for (var k = kLo; k <= kHi; k++)
                {
                    acc = (Vector512.LoadUnsafe(ref t, (nuint)(((row + k - r) * width) + j)) * Vector512.Create(taps[k])) + acc;
                }

                acc.StoreUnsafe(ref MemoryMarshal.GetReference(dst), (nuint)j);
            }

            for (; j < width; j++)
            {
                var acc = 0f;
                for (var k = kLo; k <= kHi; k++)
                {
                    acc = (temp[((row + k - r) * width) + j] * taps[k]) + acc;
                }

                dst[j] = acc;
            }
        }
    }
}
