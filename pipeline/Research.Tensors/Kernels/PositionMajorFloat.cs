using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Research.Tensors.Kernels;

/// <summary>
/// float32 fast paths of the position-major convolution forward (<see cref="Convolution"/>): the column tile of a run
/// of output positions built with vector copies of whole tap runs, and the [positions, out] GEMM product transposed
/// into NCHW 8×8 at a time with bias and ReLU. Same values as the generic loops (copies, one add, the same ReLU).
/// </summary>
internal static unsafe class PositionMajorFloat
{
    /// <summary>Whether <see cref="Transpose"/> applies to <paramref name="outs"/> output channels on this CPU.</summary>
    public static bool CanTranspose(int outs) => Avx.IsSupported && outs % 8 == 0;

    /// <summary>
    /// Columns of output positions [j0, j0 + count) of one image's group (<paramref name="x"/> points at its first
    /// channel): row j = position, column r = (c, kd, kh, kw), padding taps zero; the layout of
    /// <see cref="Convolution.Im2ColByPosition{T}"/>.
    /// </summary>
    public static void Im2ColByPosition(WindowGeometry g, float* x, float* col, int j0, int count)
    {
        var k = g.ColumnRows;
        var (kw, dw) = (g.KW, g.DW);
        for (var j = 0; j < count; j++)
        {
            var q = (j0 + j) / g.OW;
            var ow = (j0 + j) % g.OW;
            var (od, oh) = (q / g.OH, q % g.OH);
            var iw0 = (ow * g.SW) - g.PW;
            var inside = iw0 >= 0 && iw0 + ((kw - 1) * dw) < g.IW && dw == 1;
            var dst = col + ((long)j * k);
            for (var c = 0; c < g.GroupInChannels; c++)
            {
                for (var kd = 0; kd < g.KD; kd++)
                {
                    var id = (od * g.SD) - g.PD + (kd * g.DD);
                    for (var kh = 0; kh < g.KH; kh++, dst += kw)
                    {
                        var ih = (oh * g.SH) - g.PH + (kh * g.DH);
                        if ((uint)id >= (uint)g.ID || (uint)ih >= (uint)g.IH)
                        {
                            new Span<float>(dst, kw).Clear();
                            continue;
                        }

                        var row = x + ((((long)((c * g.ID) + id) * g.IH) + ih) * g.IW);
                        if (inside)
                        {
                            CopyRun(row + iw0, dst, kw);
                            continue;
                        }

                        for (var t = 0; t < kw; t++)
                        {
                            var iw = iw0 + (t * dw);
                            dst[t] = (uint)iw < (uint)g.IW ? row[iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// y[o·ldy + j] = relu?(product[j·outs + o] + bias[o]) for j &lt; rows, o &lt; outs (a multiple of 8; see
    /// <see cref="CanTranspose"/>); <paramref name="bias"/> may be null.
    /// </summary>
    public static void Transpose(float* product, int rows, int outs, float* y, int ldy, float* bias, bool relu)
    {
        var j = 0;
        for (; j + 8 <= rows; j += 8)
        {
            var src = product + ((long)j * outs);
            for (var o = 0; o < outs; o += 8)
            {
                var s = src + o;
                var r0 = Avx.LoadVector256(s);
                var r1 = Avx.LoadVector256(s + outs);
                var r2 = Avx.LoadVector256(s + (2 * outs));
                var r3 = Avx.LoadVector256(s + (3 * outs));
                var r4 = Avx.LoadVector256(s + (4 * outs));
                var r5 = Avx.LoadVector256(s + (5 * outs));
                var r6 = Avx.LoadVector256(s + (6 * outs));
                var r7 = Avx.LoadVector256(s + (7 * outs));
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                var t4 = Avx.UnpackLow(r4, r5);
                var t5 = Avx.UnpackHigh(r4, r5);
                var t6 = Avx.UnpackLow(r6, r7);
                var t7 = Avx.UnpackHigh(r6, r7);
                var u0 = Avx.Shuffle(t0, t2, 0x44);
                var u1 = Avx.Shuffle(t0, t2, 0xEE);
                var u2 = Avx.Shuffle(t1, t3, 0x44);
                var u3 = Avx.Shuffle(t1, t3, 0xEE);
                var u4 = Avx.Shuffle(t4, t6, 0x44);
                var u5 = Avx.Shuffle(t4, t6, 0xEE);
                var u6 = Avx.Shuffle(t5, t7, 0x44);
                var u7 = Avx.Shuffle(t5, t7, 0xEE);
                var d = y + ((long)o * ldy) + j;
                Store(Avx.Permute2x128(u0, u4, 0x20), d, bias, o, relu);
                Store(Avx.Permute2x128(u1, u5, 0x20), d + ldy, bias, o + 1, relu);
                Store(Avx.Permute2x128(u2, u6, 0x20), d + (2L * ldy), bias, o + 2, relu);
                Store(Avx.Permute2x128(u3, u7, 0x20), d + (3L * ldy), bias, o + 3, relu);
                Store(Avx.Permute2x128(u0, u4, 0x31), d + (4L * ldy), bias, o + 4, relu);
                Store(Avx.Permute2x128(u1, u5, 0x31), d + (5L * ldy), bias, o + 5, relu);
                Store(Avx.Permute2x128(u2, u6, 0x31), d + (6L * ldy), bias, o + 6, relu);
                Store(Avx.Permute2x128(u3, u7, 0x31), d + (7L * ldy), bias, o + 7, relu);
            }
        }

        for (; j < rows; j++)
        {
            for (var o = 0; o < outs; o++)
            {
                var v = product[((long)j * outs) + o] + (bias is null ? 0f : bias[o]);
                y[((long)o * ldy) + j] = relu ? (v > 0f ? v : 0f) : v;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, float* d, float* bias, int o, bool relu)
    {
        // Always add (0 without bias), as the generic path does: −0 + 0 = +0.
        v += Vector256.Create(bias is null ? 0f : bias[o]);

        if (relu)
        {
            v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero);
        }

        Avx.Store(d, v);
    }

    // dst[0..n) = src[0..n): two overlapping vectors for runs of 4–16 floats (AlexNet's 11 taps), else a loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(float* src, float* dst, int n)
    {
        if (n is >= 8 and <= 16)
        {
            var head = Vector256.Load(src);
            var tail = Vector256.Load(src + n - 8);
            head.Store(dst);
            tail.Store(dst + n - 8);
        }
        else if (n is >= 4 and < 8)
        {
            var head = Vector128.Load(src);
            var tail = Vector128.Load(src + n - 4);
            head.Store(dst);
            tail.Store(dst + n - 4);
        }
        else
        {
            for (var t = 0; t < n; t++)
            {
                dst[t] = src[t];
            }
        }
    }
}
