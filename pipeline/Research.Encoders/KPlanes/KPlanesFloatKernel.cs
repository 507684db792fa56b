using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Encoders.KPlanes;

/// <summary>
/// float32 K-Planes kernels vectorised over channels (<see cref="Vector256{T}"/>, C a multiple of 8) on [H, W, C]
/// copies of the planes, so a corner's channels are contiguous. Forward and plane gradients use the generic kernel's
/// float operations in the same order (bit-identical: each plane-gradient task still adds points in index order); the
/// position gradient sums channels lane-wise and then across lanes (float32 summation order differs from the generic
/// running sum).
/// </summary>
internal sealed unsafe class KPlanesFloatKernel
{
    private const int Lanes = 8;
    private const int MinChunk = 256;
    private const int PrefetchDistance = 6;
    private const int Ring = 8;
    private static readonly int[] AxisA = [0, 0, 1];
    private static readonly int[] AxisB = [1, 2, 2];
    // [H, W, C] gradient accumulator of the plane a thread is working on, kept between steps to spare large-object
    // allocations (at most one plane per thread).
    [ThreadStatic]
    private static float[]? scratch;

    private readonly int n;
    private readonly int channels;
    private readonly int[] heights;
    private readonly int[] widths;
    private readonly float[] lo;
    private readonly float[] factor;
    private readonly float[] x;
    private readonly float[][] transposed;

    // Top-left pixel of every point on every plane [N, planes], from the forward: the backward prefetches ahead with it.
    private readonly int[] cornerIndex;

    /// <summary>Copies the planes [C, H, W] to [H, W, C].</summary>
    public KPlanesFloatKernel(int n, int channels, int[] heights, int[] widths, IReadOnlyList<double> aabbFrom, IReadOnlyList<double> aabbTo, float[] x, ArraySegment<float>[] planes)
    {
        this.n = n;
        this.channels = channels;
        this.heights = heights;
        this.widths = widths;
        this.x = x;
        lo = [.. aabbFrom.Select(v => (float)v)];
        factor = [.. aabbFrom.Zip(aabbTo, (a, b) => (float)(2.0 / (b - a)))];
        cornerIndex = GC.AllocateUninitializedArray<int>(n * planes.Length);
        transposed = new float[planes.Length][];
        for (var k = 0; k < planes.Length; k++)
        {
            transposed[k] = GC.AllocateUninitializedArray<float>(heights[k] * widths[k] * channels);
        }

        // One work item per (plane, row) so large and small planes spread evenly over the threads.
        var rowStart = new int[planes.Length + 1];
        for (var k = 0; k < planes.Length; k++)
        {
            rowStart[k + 1] = rowStart[k] + heights[k];
        }

        ComputeThreads.For(rowStart[^1], 8, (_, s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var k = Array.FindLastIndex(rowStart, v => v <= r);
                var yRow = r - rowStart[k];
                var w = widths[k];
                var plane = heights[k] * w;
                var src = planes[k].Array!;
                var so = planes[k].Offset + (yRow * w);
                var dst = transposed[k];
                var d0 = yRow * w * channels;
                for (var c = 0; c < channels; c++)
                {
                    var sc = so + (c * plane);
                    for (var px = 0; px < w; px++)
                    {
                        dst[d0 + (px * channels) + c] = src[sc + px];
                    }
                }
            }
        });
    }

    private int Scales => transposed.Length / 3;

    /// <summary>
    /// Whether the fast path handles <paramref name="channels"/> (a multiple of 8, at most 256) and
    /// <paramref name="planes"/> (at most 96: per-thread stack buffers) on this CPU.
    /// </summary>
    public static bool Supports(int channels, int planes) =>
        Vector256.IsHardwareAccelerated && channels % Lanes == 0 && channels is > 0 and <= 256 && planes <= 96;

    /// <summary>Writes every element of <paramref name="output"/> [N, S·C].</summary>
    public void Forward(ArraySegment<float> output)
    {
        var width = Scales * channels;
        ComputeThreads.For(n, MinChunk, (_, s, e) =>
        {
            var samples = stackalloc float[3 * channels];
            var planeCount = transposed.Length;

            // Footprints are located PrefetchDistance points ahead (ring of Ring points) and their corners prefetched.
            var ring = stackalloc Corner[Ring * planeCount];
            for (var j = s; j < Math.Min(e, s + PrefetchDistance); j++)
            {
                LocateAll(j, ring + ((j % Ring) * planeCount), prefetch: false);
            }

            fixed (float* yArr = output.Array)
            {
                var y = yArr + output.Offset;
                for (var i = s; i < e; i++)
                {
                    if (i + PrefetchDistance < e)
                    {
                        LocateAll(i + PrefetchDistance, ring + (((i + PrefetchDistance) % Ring) * planeCount), prefetch: true);
                    }

                    var corners = ring + ((i % Ring) * planeCount);
                    for (var sc = 0; sc < Scales; sc++)
                    {
                        for (var q = 0; q < 3; q++)
                        {
                            var k = (sc * 3) + q;
                            Sample(k, corners[k], samples + (q * channels));
                        }

                        // Generic kernel: y = 1, then y *= sample of each plane in order (1·s0 = s0 exactly).
                        var o = y + ((long)i * width) + (sc * channels);
                        for (var c = 0; c < channels; c += Lanes)
                        {
                            var v = Vector256.Load(samples + c) * Vector256.Load(samples + channels + c) * Vector256.Load(samples + (2 * channels) + c);
                            v.Store(o + c);
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Gradients of the planes marked in <paramref name="want"/> (one task per plane, points in index order, written
    /// in [C, H, W] to <paramref name="planeGrads"/>) and, when <paramref name="gradX"/> is non-null, of the positions
    /// (every element written). <paramref name="g"/> is the contiguous output gradient [N, S·C]. Each plane task also
    /// computes its plane's share of the position gradient (it already has the upstream product and the corners);
    /// a last pass adds the shares per point in the generic kernel's order (scale, plane).
    /// </summary>
    public void Backward(ArraySegment<float> g, bool[] want, ArraySegment<float>?[] planeGrads, ArraySegment<float>? gradX)
    {
        var width = Scales * channels;
        var wantX = gradX.HasValue;
        var shares = wantX ? GC.AllocateUninitializedArray<float>(transposed.Length * n * 2) : null;
        ComputeThreads.For(transposed.Length, 1, (_, ks, ke) =>
        {
            var samples = stackalloc float[3 * channels];
            fixed (float* gArr = g.Array, sharesP = shares)
            {
                var gp = gArr + g.Offset;
                for (var k = ks; k < ke; k++)
                {
                    if (!want[k] && !wantX)
                    {
                        continue;
                    }

                    var w = widths[k];
                    var grad = want[k] ? RentZeroed(heights[k] * w * channels) : null;
                    var sc = k / 3;
                    var p = k % 3;
                    fixed (float* gr = grad, src = transposed[k])
                    {
                        for (var i = 0; i < n; i++)
                        {
                            // Random corners of large planes miss the caches: fetch a few points ahead.
                            if (i + PrefetchDistance < n)
                            {
                                var ahead = (i + PrefetchDistance) * transposed.Length;
                                for (var q = 0; q < 3; q++)
                                {
                                    var kq = (sc * 3) + q;
                                    Prefetch(transposed[kq], cornerIndex[ahead + kq], widths[kq]);
                                }

                                if (grad is not null)
                                {
                                    Prefetch(grad, cornerIndex[ahead + k], w);
                                }
                            }

                            for (var q = 0; q < 3; q++)
                            {
                                if (q != p)
                                {
                                    Sample((sc * 3) + q, Locate(i, (sc * 3) + q), samples + (q * channels));
                                }
                            }

                            var cr = Locate(i, k);
                            var go = gp + ((long)i * width) + (sc * channels);
                            var w00 = Vector256.Create(cr.W00);
                            var w10 = Vector256.Create(cr.W10);
                            var w01 = Vector256.Create(cr.W01);
                            var w11 = Vector256.Create(cr.W11);
                            var fa = Vector256.Create(cr.Fa);
                            var fb = Vector256.Create(cr.Fb);
                            var ja = Vector256.Create(cr.Ja);
                            var jb = Vector256.Create(cr.Jb);
                            var one = Vector256<float>.One;
                            var corner = (long)cr.I00 * channels;
                            var row = (long)w * channels;
                            var accA = Vector256<float>.Zero;
                            var accB = Vector256<float>.Zero;
                            for (var c = 0; c < channels; c += Lanes)
                            {
                                var up = Vector256.Load(go + c);
                                for (var q = 0; q < 3; q++)
                                {
                                    if (q != p)
                                    {
                                        up *= Vector256.Load(samples + (q * channels) + c);
                                    }
                                }

                                if (gr != null)
                                {
                                    var b00 = gr + corner + c;
                                    var b01 = b00 + row;
                                    (Vector256.Load(b00) + (up * w00)).Store(b00);
                                    (Vector256.Load(b00 + channels) + (up * w10)).Store(b00 + channels);
                                    (Vector256.Load(b01) + (up * w01)).Store(b01);
                                    (Vector256.Load(b01 + channels) + (up * w11)).Store(b01 + channels);
                                }

                                if (wantX)
                                {
                                    var s00 = src + corner + c;
                                    var s01 = s00 + row;
                                    var v00 = Vector256.Load(s00);
                                    var v10 = Vector256.Load(s00 + channels);
                                    var v01 = Vector256.Load(s01);
                                    var v11 = Vector256.Load(s01 + channels);
                                    accA += up * ((((v10 - v00) * (one - fb)) + ((v11 - v01) * fb)) * ja);
                                    accB += up * ((((v01 - v00) * (one - fa)) + ((v11 - v10) * fa)) * jb);
                                }
                            }

                            if (wantX)
                            {
                                var o = sharesP + ((((long)k * n) + i) * 2);
                                o[0] = Vector256.Sum(accA);
                                o[1] = Vector256.Sum(accB);
                            }
                        }
                    }

                    if (grad is null)
                    {
                        continue;
                    }

                    // Back to [C, H, W].
                    var target = planeGrads[k]!.Value;
                    var dst = target.Array!;
                    var plane = heights[k] * w;
                    for (var px = 0; px < plane; px++)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            dst[target.Offset + (c * plane) + px] = grad[(px * channels) + c];
                        }
                    }
                }
            }
        });

        if (gradX is not { } gx)
        {
            return;
        }

        var planes = transposed.Length;
        ComputeThreads.For(n, 1024, (_, s, e) =>
        {
            var gxa = gx.Array!;
            for (var i = s; i < e; i++)
            {
                float d0 = 0f, d1 = 0f, d2 = 0f;
                for (var k = 0; k < planes; k++)
                {
                    var o = (((long)k * n) + i) * 2;
                    Add(ref d0, ref d1, ref d2, AxisA[k % 3], shares![o]);
                    Add(ref d0, ref d1, ref d2, AxisB[k % 3], shares[o + 1]);
                }

                gxa[gx.Offset + (3 * i)] = d0;
                gxa[gx.Offset + (3 * i) + 1] = d1;
                gxa[gx.Offset + (3 * i) + 2] = d2;
            }
        });
    }

    /// <summary>This thread's scratch array with its first <paramref name="length"/> elements zeroed.</summary>
    private static float[] RentZeroed(int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            scratch = new float[length];
        }
        else
        {
            Array.Clear(scratch, 0, length);
        }

        return scratch;
    }

    /// <summary>Footprints of point <paramref name="i"/> on every plane into <paramref name="corners"/>; records the corner index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LocateAll(int i, Corner* corners, bool prefetch)
    {
        for (var k = 0; k < transposed.Length; k++)
        {
            var cr = Locate(i, k);
            corners[k] = cr;
            cornerIndex[(i * transposed.Length) + k] = cr.I00;
            if (prefetch)
            {
                Prefetch(transposed[k], cr.I00, widths[k]);
            }
        }
    }

    /// <summary>Prefetches the two pixel pairs (rows y0 and y0 + 1) at <paramref name="corner"/> of an [H, W, C] array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Prefetch(float[] data, int corner, int w)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        fixed (float* d = data)
        {
            var top = (byte*)(d + ((long)corner * channels));
            var bottom = top + ((long)w * channels * sizeof(float));
            var bytes = 2 * channels * sizeof(float);
            for (var o = 0; o < bytes; o += 64)
            {
                Sse.Prefetch0(top + o);
                Sse.Prefetch0(bottom + o);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref float d0, ref float d1, ref float d2, int axis, float v)
    {
        switch (axis)
        {
            case 0:
                d0 += v;
                break;
            case 1:
                d1 += v;
                break;
            default:
                d2 += v;
                break;
        }
    }

    /// <summary>Bilinear footprint of point <paramref name="i"/> on plane <paramref name="k"/>; the generic kernel's float operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Corner Locate(int i, int k)
    {
        var a = AxisA[k % 3];
        var b = AxisB[k % 3];
        var w = widths[k];
        var h = heights[k];
        var wm = (float)(w - 1);
        var hm = (float)(h - 1);
        var ua = (((x[(3 * i) + a] - lo[a]) * factor[a]) - 1f + 1f) * 0.5f * wm;
        var ub = (((x[(3 * i) + b] - lo[b]) * factor[b]) - 1f + 1f) * 0.5f * hm;
        var ja = (float)((w - 1) * 0.5) * factor[a];
        var jb = (float)((h - 1) * 0.5) * factor[b];
        if (!(ua > 0f && ua < wm))
        {
            ja = 0f;
            ua = Math.Clamp(float.IsNaN(ua) ? 0f : ua, 0f, wm);
        }

        if (!(ub > 0f && ub < hm))
        {
            jb = 0f;
            ub = Math.Clamp(float.IsNaN(ub) ? 0f : ub, 0f, hm);
        }

        var x0 = Math.Min((int)MathF.Floor(ua), w - 2);
        var y0 = Math.Min((int)MathF.Floor(ub), h - 2);
        var fa = ua - x0;
        var fb = ub - y0;
        return new Corner
        {
            I00 = (y0 * w) + x0,
            Fa = fa,
            Fb = fb,
            Ja = ja,
            Jb = jb,
            W00 = (1f - fa) * (1f - fb),
            W10 = fa * (1f - fb),
            W01 = (1f - fa) * fb,
            W11 = fa * fb,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sample(int k, Corner cr, float* output)
    {
        fixed (float* src = transposed[k])
        {
            var b00 = src + ((long)cr.I00 * channels);
            var b10 = b00 + channels;
            var b01 = b00 + ((long)widths[k] * channels);
            var b11 = b01 + channels;
            var w00 = Vector256.Create(cr.W00);
            var w10 = Vector256.Create(cr.W10);
            var w01 = Vector256.Create(cr.W01);
            var w11 = Vector256.Create(cr.W11);
            for (var c = 0; c < channels; c += Lanes)
            {
                var v = (Vector256.Load(b00 + c) * w00) + (Vector256.Load(b10 + c) * w10) + (Vector256.Load(b01 + c) * w01) + (Vector256.Load(b11 + c) * w11);
                v.Store(output + c);
            }
        }
    }

    private struct Corner
    {
        public int I00;
        public float Fa;
        public float Fb;
        public float Ja;
        public float Jb;
        public float W00;
        public float W10;
        public float W01;
        public float W11;
    }
}
