using System.Numerics;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Threading;

namespace Research.Encoders.KPlanes;

/// <summary>
/// GaussianTalker / K-Planes spatial tri-plane feature: points normalised to [−1, 1] by an AABB
/// (u = (p − from)·2/(to − from) − 1, <c>normalize_aabb</c> with aabb = [from, to]), each plane [1, C, H, W] sampled bilinearly like <c>grid_sample</c> with
/// align_corners = True and border padding (plane axis a → W, axis b → H), the three planes of a scale multiplied
/// element-wise, scales concatenated → [N, S·C]. Fused forward and backward (to planes and positions).
/// </summary>
public static class KPlanesGrid
{
    /// <summary>Coordinate pairs of the planes in parameter order (itertools.combinations): xy, xz, yz.</summary>
    public static IReadOnlyList<(int A, int B)> PlaneAxes { get; } = [(0, 1), (0, 2), (1, 2)];

    /// <summary>
    /// Encodes <paramref name="positions"/> [N, 3]. <paramref name="planes"/> holds 3 planes per scale, scale-major
    /// (xy, xz, yz), each [1, C, H, W] with H = resolution of axis b and W = resolution of axis a (≥ 2 each).
    /// <paramref name="aabbFrom"/> maps to −1 and <paramref name="aabbTo"/> to +1: pass (min, max) for the textbook
    /// mapping; the official code stores aabb = [max, min] and so mirrors each axis (see <see cref="KPlanesField{T}"/>).
    /// </summary>
    public static Tensor<T> Encode<T>(Tensor<T> positions, IReadOnlyList<Tensor<T>> planes, IReadOnlyList<double> aabbFrom, IReadOnlyList<double> aabbTo)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EncodeCore(positions, planes, aabbFrom, aabbTo, allowFastPath: true);

    /// <summary>
    /// <see cref="Encode{T}(Tensor{T}, IReadOnlyList{Tensor{T}}, IReadOnlyList{double}, IReadOnlyList{double})"/>;
    /// <paramref name="allowFastPath"/> = false forces the generic scalar kernel for float32 too (tests compare the two).
    /// </summary>
    internal static Tensor<T> EncodeCore<T>(Tensor<T> positions, IReadOnlyList<Tensor<T>> planes, IReadOnlyList<double> aabbFrom, IReadOnlyList<double> aabbTo, bool allowFastPath)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(planes);
        ArgumentNullException.ThrowIfNull(aabbFrom);
        ArgumentNullException.ThrowIfNull(aabbTo);
        if (positions.Rank != 2 || positions.Shape[1] != 3)
        {
            throw new ArgumentException($"KPlanesGrid: positions [{string.Join(", ", positions.Shape)}] must be [N, 3].", nameof(positions));
        }

        if (planes.Count == 0 || planes.Count % 3 != 0 || aabbFrom.Count != 3 || aabbTo.Count != 3)
        {
            throw new ArgumentException($"KPlanesGrid: need 3 planes per scale (got {planes.Count}) and a 3-d AABB.", nameof(planes));
        }

        var channels = planes[0].Rank == 4 ? planes[0].Shape[1] : -1;
        var heights = new int[planes.Count];
        var widths = new int[planes.Count];
        for (var k = 0; k < planes.Count; k++)
        {
            var s = planes[k].Shape;
            if (planes[k].Rank != 4 || s[0] != 1 || s[1] != channels || s[2] < 2 || s[3] < 2)
            {
                throw new ArgumentException($"KPlanesGrid: plane {k} [{string.Join(", ", s)}] must be [1, {channels}, H ≥ 2, W ≥ 2].", nameof(planes));
            }

            heights[k] = s[2];
            widths[k] = s[3];
        }

        var n = positions.Shape[0];
        var scales = planes.Count / 3;
        if (allowFastPath && typeof(T) == typeof(float) && KPlanesFloatKernel.Supports(channels, planes.Count))
        {
            return (Tensor<T>)(object)EncodeFloat((Tensor<float>)(object)positions, [.. planes.Cast<Tensor<float>>()], aabbFrom, aabbTo, channels, heights, widths);
        }

        var k2 = new Kernel<T>(n, channels, heights, widths, aabbFrom, aabbTo)
        {
            X = positions.Contiguous().ToArray(),
            P = [.. planes.Select(p => p.Contiguous().ToArray())],
        };
        var result = Tensor.Zeros<T>(n, scales * channels);
        var y = new T[n * scales * channels];
        k2.Forward(y);
        y.CopyTo(CustomOp.Data(result));
        Tensor<T>[] inputs = [positions, .. planes];
        return CustomOp.Record("KPlanesGrid", result, inputs, g =>
        {
            var ga = g.Contiguous().ToArray();
            var grads = new Tensor<T>?[inputs.Length];
            var planeGrads = new T[planes.Count][];
            var want = planes.Select(p => p.RequiresGrad).ToArray();
            var gx = positions.RequiresGrad ? new T[n * 3] : null;
            k2.Backward(ga, want, planeGrads, gx);
            for (var k = 0; k < planes.Count; k++)
            {
                if (want[k])
                {
                    grads[k + 1] = Tensor.FromArray(planeGrads[k], [.. planes[k].Shape]);
                }
            }

            grads[0] = gx is null ? null : Tensor.FromArray(gx, n, 3);
            return grads;
        });
    }

    /// <summary>float32 fast path over [H, W, C] plane copies, vectorised over channels.</summary>
    private static Tensor<float> EncodeFloat(Tensor<float> positions, Tensor<float>[] planes, IReadOnlyList<double> aabbFrom, IReadOnlyList<double> aabbTo, int channels, int[] heights, int[] widths)
    {
        var n = positions.Shape[0];
        var scales = planes.Length / 3;
        var kernel = new KPlanesFloatKernel(
            n,
            channels,
            heights,
            widths,
            aabbFrom,
            aabbTo,
            positions.Contiguous().ToArray(),
            [.. planes.Select(p => CustomOp.Segment(p.IsContiguous ? p : p.Contiguous()))]);
        var result = CustomOp.Uninitialized<float>(n, scales * channels);
        kernel.Forward(CustomOp.Segment(result));
        Tensor<float>[] inputs = [positions, .. planes];
        return CustomOp.Record("KPlanesGrid", result, inputs, g =>
        {
            var gs = CustomOp.Segment(g.IsContiguous ? g : g.Contiguous());
            var grads = new Tensor<float>?[inputs.Length];
            var want = planes.Select(p => p.RequiresGrad).ToArray();
            var targets = new ArraySegment<float>?[planes.Length];
            for (var k = 0; k < planes.Length; k++)
            {
                if (want[k])
                {
                    grads[k + 1] = CustomOp.Uninitialized<float>([.. planes[k].Shape]);
                    targets[k] = CustomOp.Segment(grads[k + 1]!);
                }
            }

            ArraySegment<float>? gx = null;
            if (positions.RequiresGrad)
            {
                grads[0] = CustomOp.Uninitialized<float>(n, 3);
                gx = CustomOp.Segment(grads[0]!);
            }

            kernel.Backward(gs, want, targets, gx);
            return grads;
        });
    }

    private sealed class Kernel<T>(int n, int channels, int[] heights, int[] widths, IReadOnlyList<double> aabbFrom, IReadOnlyList<double> aabbTo)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int MinChunk = 512;
        private readonly T[] lo = [.. aabbFrom.Select(T.CreateChecked)];
        private readonly T[] factor = [.. aabbFrom.Zip(aabbTo, (a, b) => T.CreateChecked(2.0 / (b - a)))];

        public T[] X { get; init; } = [];

        public T[][] P { get; init; } = [];

        private int Scales => P.Length / 3;

        public void Forward(T[] y)
        {
            var width = Scales * channels;
            ComputeThreads.For(n, MinChunk, (_, s, e) =>
            {
                var sample = new T[channels];
                var c4 = new Corner[1];
                for (var i = s; i < e; i++)
                {
                    for (var sc = 0; sc < Scales; sc++)
                    {
                        var o = (i * width) + (sc * channels);
                        for (var c = 0; c < channels; c++)
                        {
                            y[o + c] = T.One;
                        }

                        for (var p = 0; p < 3; p++)
                        {
                            var k = (sc * 3) + p;
                            c4[0] = Locate(i, k);
                            Sample(k, c4[0], sample);
                            for (var c = 0; c < channels; c++)
                            {
                                y[o + c] *= sample[c];
                            }
                        }
                    }
                }
            });
        }

        /// <summary>Plane gradients: one task per plane over all points in order; position gradients: per point.</summary>
        public void Backward(T[] g, bool[] want, T[][] planeGrads, T[]? gx)
        {
            var width = Scales * channels;
            ComputeThreads.For(P.Length, 1, (_, ks, ke) =>
            {
                var samples = new T[3][];
                for (var q = 0; q < 3; q++)
                {
                    samples[q] = new T[channels];
                }

                for (var k = ks; k < ke; k++)
                {
                    if (!want[k])
                    {
                        continue;
                    }

                    var grad = new T[P[k].Length];
                    var sc = k / 3;
                    var p = k % 3;
                    var plane = heights[k] * widths[k];
                    for (var i = 0; i < n; i++)
                    {
                        for (var q = 0; q < 3; q++)
                        {
                            if (q != p)
                            {
                                Sample((sc * 3) + q, Locate(i, (sc * 3) + q), samples[q]);
                            }
                        }

                        var cr = Locate(i, k);
                        var go = (i * width) + (sc * channels);
                        for (var c = 0; c < channels; c++)
                        {
                            var up = g[go + c];
                            for (var q = 0; q < 3; q++)
                            {
                                if (q != p)
                                {
                                    up *= samples[q][c];
                                }
                            }

                            var b = c * plane;
                            grad[b + cr.I00] += up * cr.W00;
                            grad[b + cr.I00 + 1] += up * cr.W10;
                            grad[b + cr.I00 + widths[k]] += up * cr.W01;
                            grad[b + cr.I00 + widths[k] + 1] += up * cr.W11;
                        }
                    }

                    planeGrads[k] = grad;
                }
            });

            if (gx is null)
            {
                return;
            }

            ComputeThreads.For(n, MinChunk, (_, s, e) =>
            {
                var samples = new T[3][];
                var derivs = new T[3][];
                for (var q = 0; q < 3; q++)
                {
                    samples[q] = new T[channels];
                    derivs[q] = new T[2 * channels];
                }

                for (var i = s; i < e; i++)
                {
                    Span<T> d3 = [T.Zero, T.Zero, T.Zero];
                    for (var sc = 0; sc < Scales; sc++)
                    {
                        var crs = new Corner[3];
                        for (var q = 0; q < 3; q++)
                        {
                            crs[q] = Locate(i, (sc * 3) + q);
                            Sample((sc * 3) + q, crs[q], samples[q]);
                            Derivative((sc * 3) + q, crs[q], derivs[q]);
                        }

                        var go = (i * width) + (sc * channels);
                        for (var p = 0; p < 3; p++)
                        {
                            var (a, b) = PlaneAxes[p];
                            T da = T.Zero, db = T.Zero;
                            for (var c = 0; c < channels; c++)
                            {
                                var up = g[go + c];
                                for (var q = 0; q < 3; q++)
                                {
                                    if (q != p)
                                    {
                                        up *= samples[q][c];
                                    }
                                }

                                da += up * derivs[p][2 * c];
                                db += up * derivs[p][(2 * c) + 1];
                            }

                            d3[a] += da;
                            d3[b] += db;
                        }
                    }

                    for (var d = 0; d < 3; d++)
                    {
                        gx[(3 * i) + d] = d3[d];
                    }
                }
            });
        }

        /// <summary>Bilinear footprint of point <paramref name="i"/> on plane <paramref name="k"/> (border-clamped).</summary>
        private Corner Locate(int i, int k)
        {
            var (a, b) = PlaneAxes[k % 3];
            var w = widths[k];
            var h = heights[k];
            var half = T.CreateChecked(0.5);

            // u = (p − from)·2/(to − from) − 1, then align_corners = True: pixel = (u + 1)/2 · (size − 1) (same op order
            // as PyTorch); border padding clamps the pixel coordinate (zero derivative when clamped).
            var ua = (((X[(3 * i) + a] - lo[a]) * factor[a]) - T.One + T.One) * half * T.CreateChecked(w - 1);
            var ub = (((X[(3 * i) + b] - lo[b]) * factor[b]) - T.One + T.One) * half * T.CreateChecked(h - 1);
            var ja = T.CreateChecked((w - 1) * 0.5) * factor[a];
            var jb = T.CreateChecked((h - 1) * 0.5) * factor[b];
            if (!(ua > T.Zero && ua < T.CreateChecked(w - 1)))
            {
                ja = T.Zero;
                ua = T.Clamp(T.IsNaN(ua) ? T.Zero : ua, T.Zero, T.CreateChecked(w - 1));
            }

            if (!(ub > T.Zero && ub < T.CreateChecked(h - 1)))
            {
                jb = T.Zero;
                ub = T.Clamp(T.IsNaN(ub) ? T.Zero : ub, T.Zero, T.CreateChecked(h - 1));
            }

            var x0 = Math.Min(int.CreateTruncating(T.Floor(ua)), w - 2);
            var y0 = Math.Min(int.CreateTruncating(T.Floor(ub)), h - 2);
            var fa = ua - T.CreateChecked(x0);
            var fb = ub - T.CreateChecked(y0);
            return new Corner
            {
                I00 = (y0 * w) + x0,
                Fa = fa,
                Fb = fb,
                Ja = ja,
                Jb = jb,
                W00 = (T.One - fa) * (T.One - fb),
                W10 = fa * (T.One - fb),
                W01 = (T.One - fa) * fb,
                W11 = fa * fb,
            };
        }

        private void Sample(int k, Corner cr, T[] output)
        {
            var plane = heights[k] * widths[k];
            var src = P[k];
            var w = widths[k];
            for (var c = 0; c < channels; c++)
            {
                var b = (c * plane) + cr.I00;
                output[c] = (src[b] * cr.W00) + (src[b + 1] * cr.W10) + (src[b + w] * cr.W01) + (src[b + w + 1] * cr.W11);
            }
        }

        /// <summary>d sample / d position along the plane's axes a and b (interleaved per channel).</summary>
        private void Derivative(int k, Corner cr, T[] output)
        {
            var plane = heights[k] * widths[k];
            var src = P[k];
            var w = widths[k];
            for (var c = 0; c < channels; c++)
            {
                var b = (c * plane) + cr.I00;
                var v00 = src[b];
                var v10 = src[b + 1];
                var v01 = src[b + w];
                var v11 = src[b + w + 1];
                output[2 * c] = (((v10 - v00) * (T.One - cr.Fb)) + ((v11 - v01) * cr.Fb)) * cr.Ja;
                output[(2 * c) + 1] = (((v01 - v00) * (T.One - cr.Fa)) + ((v11 - v10) * cr.Fa)) * cr.Jb;
            }
        }

        private struct Corner
        {
            public int I00;
            public T Fa;
            public T Fb;
            public T Ja;
            public T Jb;
            public T W00;
            public T W10;
            public T W01;
            public T W11;
        }
    }
}
