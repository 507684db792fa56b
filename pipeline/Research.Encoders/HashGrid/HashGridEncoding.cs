using System.Numerics;
using System.Runtime.CompilerServices;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Threading;

namespace Research.Encoders.HashGrid;

/// <summary>
/// 3-D multi-resolution hash grid encoding (Instant-NGP; torch-ngp <c>GridEncoder</c> with input_dim 3,
/// align_corners = False, linear interpolation): per level, the point's 8 surrounding grid corners are looked up
/// (dense or hashed row) and trilinearly blended → [N, L·F], level-major with features inside. Fused forward and
/// backward (to the embedding table and to the positions).
/// </summary>
public static class HashGridEncoding
{
    /// <summary>
    /// Encodes <paramref name="positions"/> [N, 3] with <paramref name="embeddings"/> [<see cref="HashGridLevels.TableRows"/>, F].
    /// Output [N, L·F]; a point whose normalised coordinates u = (p + bound)/(2·bound) leave [0, 1] on any axis gets
    /// zeros (and zero gradient). Recorded for autograd (gradients to both inputs).
    /// </summary>
    public static Tensor<T> Encode<T>(Tensor<T> positions, Tensor<T> embeddings, HashGridLevels levels)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EncodeCore(positions, embeddings, levels, allowFastPath: true);

    /// <summary>
    /// <see cref="Encode{T}(Tensor{T}, Tensor{T}, HashGridLevels)"/>; <paramref name="allowFastPath"/> = false forces the
    /// generic scalar kernel for float32 too (tests compare the two).
    /// </summary>
    internal static Tensor<T> EncodeCore<T>(Tensor<T> positions, Tensor<T> embeddings, HashGridLevels levels, bool allowFastPath)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(levels);
        if (positions.Rank != 2 || positions.Shape[1] != 3)
        {
            throw new ArgumentException($"HashGridEncoding: positions [{string.Join(", ", positions.Shape)}] must be [N, 3].", nameof(positions));
        }

        if (embeddings.Rank != 2 || embeddings.Shape[0] != levels.TableRows || embeddings.Shape[1] != levels.Features)
        {
            throw new ArgumentException($"HashGridEncoding: embeddings [{string.Join(", ", embeddings.Shape)}] must be [{levels.TableRows}, {levels.Features}].", nameof(embeddings));
        }

        var n = positions.Shape[0];
        if (allowFastPath && typeof(T) == typeof(float) && HashGridFloatKernel.Supports(levels))
        {
            return (Tensor<T>)(object)EncodeFloat((Tensor<float>)(object)positions, (Tensor<float>)(object)embeddings, levels, n);
        }

        var kernel = new Kernel<T>(levels);
        var x = CustomOp.Segment(positions.IsContiguous ? positions : positions.Contiguous());
        var e = CustomOp.Segment(embeddings.IsContiguous ? embeddings : embeddings.Contiguous());
        var result = CustomOp.Uninitialized<T>(n, levels.OutputWidth);
        kernel.Forward(x, e, CustomOp.Segment(result), n);
        return CustomOp.Record("HashGridEncoding", result, [positions, embeddings], g =>
        {
            var gs = CustomOp.Segment(g.IsContiguous ? g : g.Contiguous());
            var grads = new Tensor<T>?[2];
            if (embeddings.RequiresGrad)
            {
                grads[1] = Tensor.Zeros<T>(levels.TableRows, levels.Features);
                kernel.BackwardEmbeddings(x, gs, CustomOp.Segment(grads[1]!), n);
            }

            if (positions.RequiresGrad)
            {
                grads[0] = CustomOp.Uninitialized<T>(n, 3);
                kernel.BackwardPositions(x, e, gs, CustomOp.Segment(grads[0]!), n);
            }

            return grads;
        });
    }

    /// <summary>float32 fast path: the same three passes vectorised over points (bit-identical to the generic kernel).</summary>
    private static Tensor<float> EncodeFloat(Tensor<float> positions, Tensor<float> embeddings, HashGridLevels levels, int n)
    {
        var kernel = new HashGridFloatKernel(levels);
        var x = CustomOp.Segment(positions.IsContiguous ? positions : positions.Contiguous());
        var e = CustomOp.Segment(embeddings.IsContiguous ? embeddings : embeddings.Contiguous());
        var result = CustomOp.Uninitialized<float>(n, levels.OutputWidth);
        kernel.Forward(x, e, CustomOp.Segment(result), n);
        return CustomOp.Record("HashGridEncoding", result, [positions, embeddings], g =>
        {
            var gs = CustomOp.Segment(g.IsContiguous ? g : g.Contiguous());
            var grads = new Tensor<float>?[2];
            if (embeddings.RequiresGrad)
            {
                grads[1] = Tensor.Zeros<float>(levels.TableRows, levels.Features);
                kernel.BackwardEmbeddings(x, gs, CustomOp.Segment(grads[1]!), n);
            }

            if (positions.RequiresGrad)
            {
                grads[0] = CustomOp.Uninitialized<float>(n, 3);
                kernel.BackwardPositions(x, e, gs, CustomOp.Segment(grads[0]!), n);
            }

            return grads;
        });
    }

    /// <summary>
    /// Fused kernels over flat arrays. Forward and position gradient split the points between threads (each point's
    /// values are computed alone, in a fixed order); the table gradient is split by level — a level owns its rows and
    /// visits every point in index order — so every result is bit-identical for any <see cref="ComputeThreads.Count"/>.
    /// </summary>
    private sealed class Kernel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int MinChunk = 256;
        private readonly int levelCount;
        private readonly int features;
        private readonly int width;
        private readonly T[] scales;
        private readonly int[] offsets;
        private readonly uint[] strides;
        private readonly uint[] sizes;
        private readonly bool[] hashed;
        private readonly T bound;
        private readonly T inv2Bound;

        public Kernel(HashGridLevels levels)
        {
            levelCount = levels.Levels;
            features = levels.Features;
            width = levels.OutputWidth;
            scales = [.. levels.Scales.Select(T.CreateChecked)];
            offsets = [.. levels.Offsets];
            strides = [.. levels.Resolutions.Select(r => (uint)(r + 1))];
            sizes = [.. levels.TableSizes.Select(s => (uint)s)];
            hashed = [.. levels.Hashed];
            bound = T.CreateChecked(levels.Bound);
            inv2Bound = T.One / (T.CreateChecked(2.0) * bound);
        }

        public void Forward(ArraySegment<T> xs, ArraySegment<T> es, ArraySegment<T> output, int n)
        {
            ComputeThreads.For(n, MinChunk, (_, s, end) =>
            {
                var x = xs.AsSpan();
                var table = es.AsSpan();
                var y = output.AsSpan();
                Span<int> rows = stackalloc int[8];
                Span<T> w = stackalloc T[8];
                for (var i = s; i < end; i++)
                {
                    var o = y.Slice(i * width, width);
                    if (!Normalise(x, i, out var u))
                    {
                        o.Clear();
                        continue;
                    }

                    for (var l = 0; l < levelCount; l++)
                    {
                        Corners(l, u, rows, w, out var _);
                        for (var f = 0; f < features; f++)
                        {
                            var sum = T.Zero;
                            for (var c = 0; c < 8; c++)
                            {
                                sum += w[c] * table[(rows[c] * features) + f];
                            }

                            o[(l * features) + f] = sum;
                        }
                    }
                }
            });
        }

        /// <summary>Table gradient: one task per level (its rows are disjoint from the others'), points in index order.</summary>
        public void BackwardEmbeddings(ArraySegment<T> xs, ArraySegment<T> g, ArraySegment<T> grad, int n)
        {
            ComputeThreads.For(levelCount, 1, (_, ls, le) =>
            {
                var x = xs.AsSpan();
                var go = g.AsSpan();
                var gr = grad.AsSpan();
                Span<int> rows = stackalloc int[8];
                Span<T> w = stackalloc T[8];
                for (var l = ls; l < le; l++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (!Normalise(x, i, out var u))
                        {
                            continue;
                        }

                        Corners(l, u, rows, w, out var _);
                        var gi = go.Slice((i * width) + (l * features), features);
                        for (var c = 0; c < 8; c++)
                        {
                            var r = rows[c] * features;
                            for (var f = 0; f < features; f++)
                            {
                                gr[r + f] += w[c] * gi[f];
                            }
                        }
                    }
                }
            });
        }

        /// <summary>Position gradient: per point, levels in order; d pos/d u = scale_l, d u/d p = 1/(2·bound).</summary>
        public void BackwardPositions(ArraySegment<T> xs, ArraySegment<T> es, ArraySegment<T> g, ArraySegment<T> grad, int n)
        {
            ComputeThreads.For(n, MinChunk, (_, s, end) =>
            {
                var x = xs.AsSpan();
                var table = es.AsSpan();
                var go = g.AsSpan();
                var gr = grad.AsSpan();
                Span<int> rows = stackalloc int[8];
                Span<T> w = stackalloc T[8];
                for (var i = s; i < end; i++)
                {
                    T d0 = T.Zero, d1 = T.Zero, d2 = T.Zero;
                    if (Normalise(x, i, out var u))
                    {
                        for (var l = 0; l < levelCount; l++)
                        {
                            Corners(l, u, rows, w, out var frac);
                            var gi = go.Slice((i * width) + (l * features), features);
                            T a0 = T.Zero, a1 = T.Zero, a2 = T.Zero;
                            for (var c = 0; c < 8; c++)
                            {
                                // ∂w_c/∂f_d = w_c without its d factor, signed by the corner's side on axis d.
                                var w0 = ((c & 1) != 0 ? frac.X : T.One - frac.X);
                                var w1 = ((c & 2) != 0 ? frac.Y : T.One - frac.Y);
                                var w2 = ((c & 4) != 0 ? frac.Z : T.One - frac.Z);
                                var v = T.Zero;
                                var r = rows[c] * features;
                                for (var f = 0; f < features; f++)
                                {
                                    v += gi[f] * table[r + f];
                                }

                                var s0 = (c & 1) != 0 ? v : -v;
                                var s1 = (c & 2) != 0 ? v : -v;
                                var s2 = (c & 4) != 0 ? v : -v;
                                a0 += s0 * w1 * w2;
                                a1 += s1 * w0 * w2;
                                a2 += s2 * w0 * w1;
                            }

                            d0 += a0 * scales[l];
                            d1 += a1 * scales[l];
                            d2 += a2 * scales[l];
                        }
                    }

                    gr[3 * i] = d0 * inv2Bound;
                    gr[(3 * i) + 1] = d1 * inv2Bound;
                    gr[(3 * i) + 2] = d2 * inv2Bound;
                }
            });
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool Normalise(ReadOnlySpan<T> x, int i, out (T X, T Y, T Z) u)
        {
            u = ((x[3 * i] + bound) * inv2Bound, (x[(3 * i) + 1] + bound) * inv2Bound, (x[(3 * i) + 2] + bound) * inv2Bound);
            return Inside(u.X) && Inside(u.Y) && Inside(u.Z);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Inside(T u) => u >= T.Zero && u <= T.One;

        /// <summary>Rows (absolute, in the whole table) and trilinear weights of the 8 corners; corner c has bit d set for +1 on axis d.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Corners(int l, (T X, T Y, T Z) u, Span<int> rows, Span<T> w, out (T X, T Y, T Z) frac)
        {
            var half = T.CreateChecked(0.5);
            var px = (u.X * scales[l]) + half;
            var py = (u.Y * scales[l]) + half;
            var pz = (u.Z * scales[l]) + half;
            var fx = T.Floor(px);
            var fy = T.Floor(py);
            var fz = T.Floor(pz);
            frac = (px - fx, py - fy, pz - fz);
            var gx = (uint)int.CreateTruncating(fx);
            var gy = (uint)int.CreateTruncating(fy);
            var gz = (uint)int.CreateTruncating(fz);
            var off = offsets[l];
            for (var c = 0; c < 8; c++)
            {
                var cx = gx + (uint)(c & 1);
                var cy = gy + (uint)((c >> 1) & 1);
                var cz = gz + (uint)((c >> 2) & 1);
                rows[c] = off + Row(l, cx, cy, cz);
                w[c] = ((c & 1) != 0 ? frac.X : T.One - frac.X) * ((c & 2) != 0 ? frac.Y : T.One - frac.Y) * ((c & 4) != 0 ? frac.Z : T.One - frac.Z);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Row(int l, uint gx, uint gy, uint gz)
        {
            // Dense rows always lie inside the table (res+1 entries per axis cover floor(pos)+1), so only hashed rows need the modulo.
            if (hashed[l])
            {
                return (int)(unchecked(gx ^ (gy * 2654435761u) ^ (gz * 805459861u)) % sizes[l]);
            }

            var s = strides[l];
            return (int)(gx + (s * (gy + (s * gz))));
        }
    }
}
