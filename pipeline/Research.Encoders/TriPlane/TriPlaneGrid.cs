using System.Numerics;
using System.Runtime.CompilerServices;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Threading;

namespace Research.Encoders.TriPlane;

/// <summary>
/// TalkingGaussian / ER-NeRF tri-plane grid encoding: three torch-ngp 2-D multi-resolution grids on the planes
/// xy = (x, y), yz = (y, z), xz = (x, z), each sampled bilinearly per level, concatenated as
/// [xy levels…, yz levels…, xz levels…] (level-major, features inside) → [N, 3·L·F]. Fused forward and backward
/// (to the three embedding tables and to the positions).
/// </summary>
public static class TriPlaneGrid
{
    /// <summary>Coordinate pairs of the planes in output order: xy, yz, xz.</summary>
    public static IReadOnlyList<(int A, int B)> PlaneAxes { get; } = [(0, 1), (1, 2), (0, 2)];

    /// <summary>
    /// Encodes <paramref name="positions"/> [N, 3] with the embedding tables [<see cref="GridLevels.TableRows"/>, F] of
    /// the planes xy, yz, xz. Output [N, 3·L·F]; a plane's level output is 0 where either of its two normalised
    /// coordinates lies outside [0, 1]. Recorded for autograd (gradients to all four inputs).
    /// </summary>
    public static Tensor<T> Encode<T>(Tensor<T> positions, Tensor<T> embeddingsXy, Tensor<T> embeddingsYz, Tensor<T> embeddingsXz, GridLevels levels)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EncodeCore(positions, embeddingsXy, embeddingsYz, embeddingsXz, levels, allowFastPath: true);

    /// <summary>
    /// <see cref="Encode{T}(Tensor{T}, Tensor{T}, Tensor{T}, Tensor{T}, GridLevels)"/>; <paramref name="allowFastPath"/>
    /// = false forces the generic scalar kernel for float32 too (tests compare the two).
    /// </summary>
    internal static Tensor<T> EncodeCore<T>(Tensor<T> positions, Tensor<T> embeddingsXy, Tensor<T> embeddingsYz, Tensor<T> embeddingsXz, GridLevels levels, bool allowFastPath)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(levels);
        Tensor<T>[] tables = [embeddingsXy, embeddingsYz, embeddingsXz];
        if (positions.Rank != 2 || positions.Shape[1] != 3)
        {
            throw new ArgumentException($"TriPlaneGrid: positions [{string.Join(", ", positions.Shape)}] must be [N, 3].", nameof(positions));
        }

        foreach (var t in tables)
        {
            ArgumentNullException.ThrowIfNull(t);
            if (t.Rank != 2 || t.Shape[0] != levels.TableRows || t.Shape[1] != levels.Features)
            {
                throw new ArgumentException($"TriPlaneGrid: embeddings [{string.Join(", ", t.Shape)}] must be [{levels.TableRows}, {levels.Features}].", nameof(embeddingsXy));
            }
        }

        var n = positions.Shape[0];
        if (allowFastPath && typeof(T) == typeof(float) && TriPlaneFloatKernel.Supports(levels))
        {
            return (Tensor<T>)(object)EncodeFloat((Tensor<float>)(object)positions, [.. tables.Cast<Tensor<float>>()], levels, n);
        }

        var kernel = new Kernel<T>(levels);
        var x = CustomOp.Segment(positions.IsContiguous ? positions : positions.Contiguous());
        var e = new ArraySegment<T>[3];
        for (var p = 0; p < 3; p++)
        {
            e[p] = CustomOp.Segment(tables[p].IsContiguous ? tables[p] : tables[p].Contiguous());
        }

        var result = Tensor.Zeros<T>(n, 3 * levels.PlaneWidth);
        kernel.Forward(x, e, CustomOp.Segment(result), n);
        return CustomOp.Record("TriPlaneGrid", result, [positions, embeddingsXy, embeddingsYz, embeddingsXz], g =>
        {
            var go = g.IsContiguous ? g : g.Contiguous();
            var gs = CustomOp.Segment(go);
            var grads = new Tensor<T>?[4];
            for (var p = 0; p < 3; p++)
            {
                if (tables[p].RequiresGrad)
                {
                    var ge = Tensor.Zeros<T>(levels.TableRows, levels.Features);
                    kernel.BackwardEmbeddings(x, gs, p, CustomOp.Segment(ge), n);
                    grads[p + 1] = ge;
                }
            }

            if (positions.RequiresGrad)
            {
                var gx = Tensor.Zeros<T>(n, 3);
                kernel.BackwardPositions(x, e, gs, CustomOp.Segment(gx), n);
                grads[0] = gx;
            }

            return grads;
        });
    }

    /// <summary>float32 fast path: vectorised forward; one backward pass split by (plane, half of the levels), then a per-point sum of the position gradient.</summary>
    private static Tensor<float> EncodeFloat(Tensor<float> positions, Tensor<float>[] tables, GridLevels levels, int n)
    {
        var kernel = new TriPlaneFloatKernel(levels);
        var x = CustomOp.Segment(positions.IsContiguous ? positions : positions.Contiguous());
        var e = new ArraySegment<float>[3];
        for (var p = 0; p < 3; p++)
        {
            e[p] = CustomOp.Segment(tables[p].IsContiguous ? tables[p] : tables[p].Contiguous());
        }

        var result = CustomOp.Uninitialized<float>(n, 3 * levels.PlaneWidth);
        kernel.Forward(x, e, CustomOp.Segment(result), n);
        return CustomOp.Record("TriPlaneGrid", result, [positions, .. tables], g =>
        {
            var go = g.IsContiguous ? g : g.Contiguous();
            var gs = CustomOp.Segment(go);
            var grads = new Tensor<float>?[4];
            var targets = new ArraySegment<float>?[3];
            for (var p = 0; p < 3; p++)
            {
                if (tables[p].RequiresGrad)
                {
                    grads[p + 1] = CustomOp.Uninitialized<float>(levels.TableRows, levels.Features);
                    targets[p] = CustomOp.Segment(grads[p + 1]!);
                }
            }

            ArraySegment<float>? gx = null;
            if (positions.RequiresGrad)
            {
                grads[0] = CustomOp.Uninitialized<float>(n, 3);
                gx = CustomOp.Segment(grads[0]!);
            }

            kernel.Backward(x, e, gs, targets, gx, n);
            return grads;
        });
    }

    /// <summary>Fused kernels over flat arrays; level constants cached in plain arrays.</summary>
    private sealed class Kernel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int MinChunk = 1024;
        private static readonly int[] AxisA = [0, 1, 0];
        private static readonly int[] AxisB = [1, 2, 2];
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

        public Kernel(GridLevels levels)
        {
            levelCount = levels.Levels;
            features = levels.Features;
            width = 3 * levels.PlaneWidth;
            scales = [.. levels.Scales.Select(T.CreateChecked)];
            offsets = [.. levels.Offsets];
            strides = [.. levels.Resolutions.Select(r => (uint)(r + 1))];
            sizes = [.. levels.TableSizes.Select(s => (uint)s)];
            hashed = [.. levels.Hashed];
            bound = T.CreateChecked(levels.Bound);
            inv2Bound = T.One / (T.CreateChecked(2.0) * bound);
        }

        public void Forward(ArraySegment<T> xs, ArraySegment<T>[] es, ArraySegment<T> output, int n)
        {
            var x = xs.Array!;
            var xo = xs.Offset;
            var outArray = output.Array!;
            var oo = output.Offset;
            ComputeThreads.For(n, MinChunk, (_, s, end) =>
            {
                for (var i = s; i < end; i++)
                {
                    for (var p = 0; p < 3; p++)
                    {
                        var a = AxisA[p];
                        var b = AxisB[p];
                        var ua = (x[xo + (3 * i) + a] + bound) * inv2Bound;
                        var ub = (x[xo + (3 * i) + b] + bound) * inv2Bound;
                        if (!Inside(ua) || !Inside(ub))
                        {
                            continue;
                        }

                        var table = es[p].Array!;
                        var to = es[p].Offset;
                        var o = oo + (i * width) + (p * levelCount * features);
                        for (var l = 0; l < levelCount; l++)
                        {
                            var cell = Corners(l, ua, ub);
                            for (var f = 0; f < features; f++)
                            {
                                var t0 = to + f;
                                outArray[o + (l * features) + f] =
                                    (cell.W0 * table[t0 + (cell.R0 * features)]) + (cell.W1 * table[t0 + (cell.R1 * features)]) +
                                    (cell.W2 * table[t0 + (cell.R2 * features)]) + (cell.W3 * table[t0 + (cell.R3 * features)]);
                            }
                        }
                    }
                }
            });
        }

        /// <summary>Gradient of plane <paramref name="plane"/>'s table; one task per level, points in order (thread-count independent).</summary>
        public void BackwardEmbeddings(ArraySegment<T> xs, ArraySegment<T> g, int plane, ArraySegment<T> grad, int n)
        {
            var x = xs.Array!;
            var xo = xs.Offset;
            var ga = g.Array!;
            var gOff = g.Offset;
            var gr = grad.Array!;
            var gro = grad.Offset;
            var a = AxisA[plane];
            var b = AxisB[plane];
            ComputeThreads.For(levelCount, 1, (_, ls, le) =>
            {
                for (var l = ls; l < le; l++)
                {
                    var col = (plane * levelCount * features) + (l * features);
                    for (var i = 0; i < n; i++)
                    {
                        var ua = (x[xo + (3 * i) + a] + bound) * inv2Bound;
                        var ub = (x[xo + (3 * i) + b] + bound) * inv2Bound;
                        if (!Inside(ua) || !Inside(ub))
                        {
                            continue;
                        }

                        var cell = Corners(l, ua, ub);
                        for (var f = 0; f < features; f++)
                        {
                            var go = ga[gOff + (i * width) + col + f];
                            var t0 = gro + f;
                            gr[t0 + (cell.R0 * features)] += cell.W0 * go;
                            gr[t0 + (cell.R1 * features)] += cell.W1 * go;
                            gr[t0 + (cell.R2 * features)] += cell.W2 * go;
                            gr[t0 + (cell.R3 * features)] += cell.W3 * go;
                        }
                    }
                }
            });
        }

        /// <summary>Gradient of the positions; each point sums its planes and levels in a fixed order.</summary>
        public void BackwardPositions(ArraySegment<T> xs, ArraySegment<T>[] es, ArraySegment<T> g, ArraySegment<T> grad, int n)
        {
            var x = xs.Array!;
            var xo = xs.Offset;
            var ga = g.Array!;
            var gOff = g.Offset;
            var gr = grad.Array!;
            var gro = grad.Offset;
            ComputeThreads.For(n, MinChunk, (_, s, end) =>
            {
                for (var i = s; i < end; i++)
                {
                    for (var p = 0; p < 3; p++)
                    {
                        var a = AxisA[p];
                        var b = AxisB[p];
                        var ua = (x[xo + (3 * i) + a] + bound) * inv2Bound;
                        var ub = (x[xo + (3 * i) + b] + bound) * inv2Bound;
                        if (!Inside(ua) || !Inside(ub))
                        {
                            continue;
                        }

                        var table = es[p].Array!;
                        var to = es[p].Offset;
                        T da = T.Zero, db = T.Zero;
                        for (var l = 0; l < levelCount; l++)
                        {
                            var cell = Corners(l, ua, ub);
                            var fa = cell.Fa;
                            var fb = cell.Fb;
                            var col = gOff + (i * width) + (p * levelCount * features) + (l * features);
                            for (var f = 0; f < features; f++)
                            {
                                var go = ga[col + f];
                                var v00 = table[to + (cell.R0 * features) + f];
                                var v10 = table[to + (cell.R1 * features) + f];
                                var v01 = table[to + (cell.R2 * features) + f];
                                var v11 = table[to + (cell.R3 * features) + f];

                                // w = (1−fa)(1−fb), fa(1−fb), (1−fa)fb, fa·fb; d pos/d u = scale_l.
                                var dfa = ((v10 - v00) * (T.One - fb)) + ((v11 - v01) * fb);
                                var dfb = ((v01 - v00) * (T.One - fa)) + ((v11 - v10) * fa);
                                da += go * dfa * scales[l];
                                db += go * dfb * scales[l];
                            }
                        }

                        gr[gro + (3 * i) + a] += da * inv2Bound;
                        gr[gro + (3 * i) + b] += db * inv2Bound;
                    }
                }
            });
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Inside(T u) => u >= T.Zero && u <= T.One;

        /// <summary>Corner rows (00, 10, 01, 11) and bilinear weights at level <paramref name="l"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Cell Corners(int l, T ua, T ub)
        {
            var half = T.CreateChecked(0.5);
            var pa = (ua * scales[l]) + half;
            var pb = (ub * scales[l]) + half;
            var fla = T.Floor(pa);
            var flb = T.Floor(pb);
            var fa = pa - fla;
            var fb = pb - flb;
            var ga = (uint)int.CreateTruncating(fla);
            var gb = (uint)int.CreateTruncating(flb);
            var off = offsets[l];
            return new Cell
            {
                R0 = off + Row(l, ga, gb),
                R1 = off + Row(l, ga + 1, gb),
                R2 = off + Row(l, ga, gb + 1),
                R3 = off + Row(l, ga + 1, gb + 1),
                W0 = (T.One - fa) * (T.One - fb),
                W1 = fa * (T.One - fb),
                W2 = (T.One - fa) * fb,
                W3 = fa * fb,
                Fa = fa,
                Fb = fb,
            };
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Row(int l, uint gx, uint gy)
        {
            // Dense rows are always inside the table, so the modulo (an integer division) is only needed when hashed.
            return hashed[l] ? (int)((gx ^ unchecked(gy * 2654435761u)) % sizes[l]) : (int)(gx + (gy * strides[l]));
        }

        /// <summary>Corner rows (00, 10, 01, 11), their bilinear weights and the fractional position.</summary>
        private struct Cell
        {
            public int R0;
            public int R1;
            public int R2;
            public int R3;
            public T W0;
            public T W1;
            public T W2;
            public T W3;
            public T Fa;
            public T Fb;
        }
    }
}
