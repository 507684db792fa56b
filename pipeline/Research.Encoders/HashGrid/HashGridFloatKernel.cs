using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Research.Tensors.Threading;

namespace Research.Encoders.HashGrid;

/// <summary>
/// float32 hash grid kernels vectorised over points (8 per <see cref="Vector256{T}"/>, AVX2 gathers of the corner
/// features). Every result is computed with the generic kernel's float operations in the same order, so forward and both
/// gradients are bit-identical to it: the forward and the position gradient split the points between threads, the table
/// gradient is split by level (a level owns its rows) and adds each point's terms in index order.
/// </summary>
internal sealed unsafe class HashGridFloatKernel
{
    private const int Lanes = 8;
    private const int MinGroups = 32;
    private readonly int levelCount;
    private readonly int features;
    private readonly int width;
    private readonly float[] scales;
    private readonly int[] offsets;
    private readonly int[] strides;
    private readonly int[] masks;
    private readonly bool[] hashed;
    private readonly float bound;
    private readonly float inv2Bound;

    public HashGridFloatKernel(HashGridLevels levels)
    {
        levelCount = levels.Levels;
        features = levels.Features;
        width = levels.OutputWidth;
        scales = [.. levels.Scales.Select(s => (float)s)];
        offsets = [.. levels.Offsets];
        strides = [.. levels.Resolutions.Select(r => r + 1)];
        masks = [.. levels.TableSizes.Select(s => s - 1)];
        hashed = [.. levels.Hashed];
        bound = (float)levels.Bound;
        inv2Bound = 1f / (2f * bound);
    }

    /// <summary>Whether the fast path handles <paramref name="levels"/> on this CPU (AVX2; hashed tables are powers of two; small widths).</summary>
    public static bool Supports(HashGridLevels levels) =>
        Avx2.IsSupported && Vector256.IsHardwareAccelerated && levels.OutputWidth <= 256 &&
        Enumerable.Range(0, levels.Levels).All(l => !levels.Hashed[l] || BitOperations.IsPow2(levels.TableSizes[l]));

    public void Forward(ArraySegment<float> xs, ArraySegment<float> es, ArraySegment<float> output, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        ComputeThreads.For(groups, MinGroups, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, gs, ge) =>
        {
            var rows = stackalloc int[8 * Lanes];
            var weights = stackalloc float[8 * Lanes];
            var buffer = stackalloc float[width * Lanes];
            var u = stackalloc Vector256<float>[3];
            var tmp = stackalloc float[3 * Lanes];
            fixed (float* xArr = xs.Array, tArr = es.Array, yArr = output.Array)
            {
                var x = xArr + xs.Offset;
                var table = tArr + es.Offset;
                var y = yArr + output.Offset;
                for (var g = gs; g < ge; g++)
                {
                    var i0 = g * Lanes;
                    var count = Math.Min(Lanes, n - i0);
                    var inside = Load(x, i0, count, u, tmp);
                    for (var l = 0; l < levelCount; l++)
                    {
                        Corners(l, u, rows, weights, out var _, out var _, out var _);
                        for (var f = 0; f < features; f++)
                        {
                            var sum = Vector256<float>.Zero;
                            for (var c = 0; c < 8; c++)
                            {
                                var v = Avx2.GatherVector256(table + f, Vector256.Load(rows + (c * Lanes)), 4);
                                sum = Avx.Add(sum, Avx.Multiply(Vector256.Load(weights + (c * Lanes)), v));
                            }

                            Vector256.Store(Avx.And(sum, inside), buffer + (((l * features) + f) * Lanes));
                        }
                    }

                    for (var k = 0; k < count; k++)
                    {
                        var row = y + ((long)(i0 + k) * width);
                        for (var j = 0; j < width; j++)
                        {
                            row[j] = buffer[(j * Lanes) + k];
                        }
                    }
                }
            }
        });
    }

    /// <summary>Table gradient: one task per level, points in index order, corners 0…7, features in order.</summary>
    public void BackwardEmbeddings(ArraySegment<float> xs, ArraySegment<float> g, ArraySegment<float> grad, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        ComputeThreads.For(levelCount, 1, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, ls, le) =>
        {
            var rows = stackalloc int[8 * Lanes];
            var weights = stackalloc float[8 * Lanes];
            var u = stackalloc Vector256<float>[3];
            var tmp = stackalloc float[3 * Lanes];
            fixed (float* xArr = xs.Array, gArr = g.Array, grArr = grad.Array)
            {
                var x = xArr + xs.Offset;
                var go = gArr + g.Offset;
                var gr = grArr + grad.Offset;
                for (var l = ls; l < le; l++)
                {
                    for (var grp = 0; grp < groups; grp++)
                    {
                        var i0 = grp * Lanes;
                        var count = Math.Min(Lanes, n - i0);
                        var insideBits = Avx.MoveMask(Load(x, i0, count, u, tmp));
                        if (insideBits == 0)
                        {
                            continue;
                        }

                        Corners(l, u, rows, weights, out var _, out var _, out var _);
                        for (var k = 0; k < count; k++)
                        {
                            if ((insideBits & (1 << k)) == 0)
                            {
                                continue;
                            }

                            var gi = go + ((long)(i0 + k) * width) + (l * features);
                            for (var c = 0; c < 8; c++)
                            {
                                var r = gr + rows[(c * Lanes) + k];
                                var w = weights[(c * Lanes) + k];
                                for (var f = 0; f < features; f++)
                                {
                                    r[f] += w * gi[f];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>Position gradient: per point, levels in order, the generic kernel's operations lane-wise.</summary>
    public void BackwardPositions(ArraySegment<float> xs, ArraySegment<float> es, ArraySegment<float> g, ArraySegment<float> grad, int n)
    {
        var groups = (n + Lanes - 1) / Lanes;
        ComputeThreads.For(groups, MinGroups, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, gs, ge) =>
        {
            var rows = stackalloc int[8 * Lanes];
            var weights = stackalloc float[8 * Lanes];
            var gbuf = stackalloc float[width * Lanes];
            var result = stackalloc float[3 * Lanes];
            var u = stackalloc Vector256<float>[3];
            var tmp = stackalloc float[3 * Lanes];
            var one = Vector256.Create(1f);
            var sign = Vector256.Create(-0f);
            fixed (float* xArr = xs.Array, tArr = es.Array, gArr = g.Array, grArr = grad.Array)
            {
                var x = xArr + xs.Offset;
                var table = tArr + es.Offset;
                var go = gArr + g.Offset;
                var gr = grArr + grad.Offset;
                for (var grp = gs; grp < ge; grp++)
                {
                    var i0 = grp * Lanes;
                    var count = Math.Min(Lanes, n - i0);
                    var inside = Load(x, i0, count, u, tmp);
                    for (var k = 0; k < Lanes; k++)
                    {
                        var src = go + ((long)(i0 + Math.Min(k, count - 1)) * width);
                        for (var j = 0; j < width; j++)
                        {
                            gbuf[(j * Lanes) + k] = src[j];
                        }
                    }

                    Vector256<float> d0 = Vector256<float>.Zero, d1 = Vector256<float>.Zero, d2 = Vector256<float>.Zero;
                    for (var l = 0; l < levelCount; l++)
                    {
                        Corners(l, u, rows, weights, out var fx, out var fy, out var fz);
                        var ofx = Avx.Subtract(one, fx);
                        var ofy = Avx.Subtract(one, fy);
                        var ofz = Avx.Subtract(one, fz);
                        Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero;
                        for (var c = 0; c < 8; c++)
                        {
                            var w0 = (c & 1) != 0 ? fx : ofx;
                            var w1 = (c & 2) != 0 ? fy : ofy;
                            var w2 = (c & 4) != 0 ? fz : ofz;
                            var v = Vector256<float>.Zero;
                            var idx = Vector256.Load(rows + (c * Lanes));
                            for (var f = 0; f < features; f++)
                            {
                                var t = Avx2.GatherVector256(table + f, idx, 4);
                                v = Avx.Add(v, Avx.Multiply(Vector256.Load(gbuf + (((l * features) + f) * Lanes)), t));
                            }

                            var neg = Avx.Xor(v, sign);
                            a0 = Avx.Add(a0, Avx.Multiply(Avx.Multiply((c & 1) != 0 ? v : neg, w1), w2));
                            a1 = Avx.Add(a1, Avx.Multiply(Avx.Multiply((c & 2) != 0 ? v : neg, w0), w2));
                            a2 = Avx.Add(a2, Avx.Multiply(Avx.Multiply((c & 4) != 0 ? v : neg, w0), w1));
                        }

                        var scale = Vector256.Create(scales[l]);
                        d0 = Avx.Add(d0, Avx.Multiply(a0, scale));
                        d1 = Avx.Add(d1, Avx.Multiply(a1, scale));
                        d2 = Avx.Add(d2, Avx.Multiply(a2, scale));
                    }

                    var inv = Vector256.Create(inv2Bound);
                    Vector256.Store(Avx.And(Avx.Multiply(d0, inv), inside), result);
                    Vector256.Store(Avx.And(Avx.Multiply(d1, inv), inside), result + Lanes);
                    Vector256.Store(Avx.And(Avx.Multiply(d2, inv), inside), result + (2 * Lanes));
                    for (var k = 0; k < count; k++)
                    {
                        var o = gr + ((long)(i0 + k) * 3);
                        o[0] = result[k];
                        o[1] = result[Lanes + k];
                        o[2] = result[(2 * Lanes) + k];
                    }
                }
            }
        });
    }

    /// <summary>
    /// Loads and normalises a group's coordinates into <paramref name="u"/> (0 in lanes that are outside or past
    /// <paramref name="count"/>, so their rows stay valid) and returns the lanes that are inside. <paramref name="tmp"/> holds 24 floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Load(float* x, int i0, int count, Vector256<float>* u, float* tmp)
    {
        for (var k = 0; k < Lanes; k++)
        {
            var src = x + ((long)(i0 + Math.Min(k, count - 1)) * 3);
            tmp[k] = src[0];
            tmp[Lanes + k] = src[1];
            tmp[(2 * Lanes) + k] = src[2];
        }

        var b = Vector256.Create(bound);
        var s = Vector256.Create(inv2Bound);
        var zero = Vector256<float>.Zero;
        var one = Vector256.Create(1f);
        var inside = Avx.CompareLessThan(Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), Vector256.Create((float)count));
        for (var d = 0; d < 3; d++)
        {
            var v = Avx.Multiply(Avx.Add(Vector256.Load(tmp + (d * Lanes)), b), s);
            inside = Avx.And(inside, Avx.And(Avx.CompareGreaterThanOrEqual(v, zero), Avx.CompareLessThanOrEqual(v, one)));
            u[d] = v;
        }

        for (var d = 0; d < 3; d++)
        {
            u[d] = Avx.And(u[d], inside);
        }

        return inside;
    }

    /// <summary>Element indices (row·F) and trilinear weights of the 8 corners of level <paramref name="l"/>, lane-major per corner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Corners(int l, Vector256<float>* u, int* rows, float* weights, out Vector256<float> fx, out Vector256<float> fy, out Vector256<float> fz)
    {
        var scale = Vector256.Create(scales[l]);
        var half = Vector256.Create(0.5f);
        var one = Vector256.Create(1f);
        var px = Avx.Add(Avx.Multiply(u[0], scale), half);
        var py = Avx.Add(Avx.Multiply(u[1], scale), half);
        var pz = Avx.Add(Avx.Multiply(u[2], scale), half);
        var flx = Avx.Floor(px);
        var fly = Avx.Floor(py);
        var flz = Avx.Floor(pz);
        fx = Avx.Subtract(px, flx);
        fy = Avx.Subtract(py, fly);
        fz = Avx.Subtract(pz, flz);
        var gx = Avx.ConvertToVector256Int32WithTruncation(flx);
        var gy = Avx.ConvertToVector256Int32WithTruncation(fly);
        var gz = Avx.ConvertToVector256Int32WithTruncation(flz);
        var ofx = Avx.Subtract(one, fx);
        var ofy = Avx.Subtract(one, fy);
        var ofz = Avx.Subtract(one, fz);
        var off = Vector256.Create(offsets[l]);
        var f = Vector256.Create(features);
        var one32 = Vector256.Create(1);
        if (hashed[l])
        {
            var p1 = Vector256.Create(unchecked((int)2654435761u));
            var p2 = Vector256.Create(805459861);
            var mask = Vector256.Create(masks[l]);
            var hy0 = Avx2.MultiplyLow(gy, p1);
            var hy1 = Avx2.MultiplyLow(Avx2.Add(gy, one32), p1);
            var hz0 = Avx2.MultiplyLow(gz, p2);
            var hz1 = Avx2.MultiplyLow(Avx2.Add(gz, one32), p2);
            var hx1 = Avx2.Add(gx, one32);
            for (var c = 0; c < 8; c++)
            {
                var h = Avx2.Xor(Avx2.Xor((c & 1) != 0 ? hx1 : gx, (c & 2) != 0 ? hy1 : hy0), (c & 4) != 0 ? hz1 : hz0);
                Vector256.Store(Avx2.MultiplyLow(Avx2.Add(Avx2.And(h, mask), off), f), rows + (c * Lanes));
            }
        }
        else
        {
            var s = strides[l];
            var sv = Vector256.Create(s);
            var baseRow = Avx2.Add(off, Avx2.Add(gx, Avx2.MultiplyLow(sv, Avx2.Add(gy, Avx2.MultiplyLow(sv, gz)))));
            for (var c = 0; c < 8; c++)
            {
                var delta = (c & 1) + (((c >> 1) & 1) * s) + (((c >> 2) & 1) * s * s);
                Vector256.Store(Avx2.MultiplyLow(Avx2.Add(baseRow, Vector256.Create(delta)), f), rows + (c * Lanes));
            }
        }

        for (var c = 0; c < 8; c++)
        {
            var w = Avx.Multiply(Avx.Multiply((c & 1) != 0 ? fx : ofx, (c & 2) != 0 ? fy : ofy), (c & 4) != 0 ? fz : ofz);
            Vector256.Store(w, weights + (c * Lanes));
        }
    }
}
