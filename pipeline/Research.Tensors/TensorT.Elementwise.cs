using Research.Tensors.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors;

/// <content>Elementwise ops with broadcasting and their gradients.</content>
public sealed partial class Tensor<T>
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Checked(a).Add(b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Checked(a).Sub(b);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Checked(a).Mul(b);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Checked(a).Div(b);

    /// <summary>Adds a scalar.</summary>
    public static Tensor<T> operator +(Tensor<T> a, T b) => Checked(a).Add(b);

    /// <summary>Adds to a scalar.</summary>
    public static Tensor<T> operator +(T a, Tensor<T> b) => Checked(b).Add(a);

    /// <summary>Subtracts a scalar.</summary>
    public static Tensor<T> operator -(Tensor<T> a, T b) => Checked(a).Sub(b);

    /// <summary>Subtracts from a scalar.</summary>
    public static Tensor<T> operator -(T a, Tensor<T> b) => Tensor.Scalar(a).Sub(Checked(b));

    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor<T> operator *(Tensor<T> a, T b) => Checked(a).Mul(b);

    /// <summary>Multiplies a scalar.</summary>
    public static Tensor<T> operator *(T a, Tensor<T> b) => Checked(b).Mul(a);

    /// <summary>Divides by a scalar.</summary>
    public static Tensor<T> operator /(Tensor<T> a, T b) => Checked(a).Div(b);

    /// <summary>Divides a scalar.</summary>
    public static Tensor<T> operator /(T a, Tensor<T> b) => Tensor.Scalar(a).Div(Checked(b));

    /// <summary>Negation.</summary>
    public static Tensor<T> operator -(Tensor<T> a) => Checked(a).Neg();

    /// <summary>Elementwise sum with broadcasting.</summary>
    public Tensor<T> Add(Tensor<T> other) => Broadcast<AddOp<T>>(other, "Add", (g, a, b) => [g, g]);

    /// <summary>Adds a scalar.</summary>
    public Tensor<T> Add(T value) => Add(Tensor.Scalar(value));

    /// <summary>Elementwise difference with broadcasting.</summary>
    public Tensor<T> Sub(Tensor<T> other) => Broadcast<SubOp<T>>(other, "Sub", (g, a, b) => [g, b.requiresGrad ? g.Neg() : null]);

    /// <summary>Subtracts a scalar.</summary>
    public Tensor<T> Sub(T value) => Sub(Tensor.Scalar(value));

    /// <summary>Elementwise product with broadcasting.</summary>
    public Tensor<T> Mul(Tensor<T> other) =>
        Broadcast<MulOp<T>>(other, "Mul", (g, a, b) => [a.requiresGrad ? g.Mul(b) : null, b.requiresGrad ? g.Mul(a) : null]);

    /// <summary>Multiplies by a scalar.</summary>
    public Tensor<T> Mul(T value) => Mul(Tensor.Scalar(value));

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public Tensor<T> Div(Tensor<T> other) =>
        Broadcast<DivOp<T>>(other, "Div", (g, a, b) => [a.requiresGrad ? g.Div(b) : null, b.requiresGrad ? g.Mul(a).Div(b.Mul(b)).Neg() : null]);

    /// <summary>Divides by a scalar.</summary>
    public Tensor<T> Div(T value) => Div(Tensor.Scalar(value));

    /// <summary>Elementwise power with broadcasting (gradient to the exponent uses log of the base).</summary>
    public Tensor<T> Pow(Tensor<T> exponent) =>
        Broadcast<PowOp<T>>(exponent, "Pow", (g, a, b) =>
        [
            a.requiresGrad ? g.Mul(b).Mul(a.Pow(b.Sub(T.One))) : null,
            b.requiresGrad ? g.Mul(a.Pow(b)).Mul(a.Log()) : null,
        ]);

    /// <summary>Raises every element to a constant power.</summary>
    public Tensor<T> Pow(T exponent)
    {
        var x = Contiguous();
        var result = Uninitialized(shape);
        var (xa, xo, d) = (x.Storage, x.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) => PowOp<T>.VectorScalar(xa.AsSpan(xo + s, e - s), exponent, d.AsSpan(s, e - s)));
        return Record(result, "Pow", [this], g => [Zip(x, g, new PowScalarGradOp<T>(exponent))]);
    }

    /// <summary>Negation.</summary>
    public Tensor<T> Neg() => MapVector(TP.Negate, "Neg", (g, x, y) => g.Neg());

    /// <summary>e^x.</summary>
    public Tensor<T> Exp() => MapVector(TP.Exp, "Exp", (g, x, y) => g.Mul(y));

    /// <summary>Natural logarithm.</summary>
    public Tensor<T> Log() => MapVector(TP.Log, "Log", (g, x, y) => g.Div(x));

    /// <summary>Square root.</summary>
    public Tensor<T> Sqrt() => MapVector(TP.Sqrt, "Sqrt", (g, x, y) => g.Div(y.Mul(T.CreateChecked(2))));

    /// <summary>Absolute value (gradient 0 at 0).</summary>
    public Tensor<T> Abs() => MapVector(TP.Abs, "Abs", (g, x, y) => Zip(x, g, default(AbsGradOp<T>)));

    /// <summary>Sine.</summary>
    public Tensor<T> Sin() => MapVector(TP.Sin, "Sin", (g, x, y) => g.Mul(x.Cos()));

    /// <summary>Cosine.</summary>
    public Tensor<T> Cos() => MapVector(TP.Cos, "Cos", (g, x, y) => g.Mul(x.Sin()).Neg());

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor<T> Tanh() => MapVector(TP.Tanh, "Tanh", (g, x, y) => Zip(y, g, default(TanhGradOp<T>)));

    /// <summary>Logistic sigmoid 1 / (1 + e^−x).</summary>
    public Tensor<T> Sigmoid() => MapVector(TP.Sigmoid, "Sigmoid", (g, x, y) => Zip(y, g, default(SigmoidGradOp<T>)));

    /// <summary>max(x, 0).</summary>
    public Tensor<T> Relu()
    {
        var x = Contiguous().Detach();
        var result = Uninitialized(shape);
        var (xa, xo, d) = (x.Storage, x.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) => ReluKernels<T>.Forward(xa.AsSpan(xo + s, e - s), d.AsSpan(s, e - s)));
        return Record(result, "Relu", [this], g => [ReluBackward(x, g)]);
    }

    /// <summary>x for x &gt; 0, else <paramref name="negativeSlope"/> · x.</summary>
    public Tensor<T> LeakyRelu(T negativeSlope) =>
        Map(new LeakyReluOp<T>(negativeSlope), "LeakyRelu", (g, x) => Zip(x, g, new LeakyReluGradOp<T>(negativeSlope)));

    /// <summary>log(1 + e^x), computed without overflow.</summary>
    public Tensor<T> Softplus() => Map(default(SoftplusOp<T>), "Softplus", (g, x) => Zip(x, g, default(SoftplusGradOp<T>)));

    /// <summary>Limits elements to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public Tensor<T> Clamp(T min, T max)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp: min {min} exceeds max {max}.", nameof(min));
        }

        return Map(new ClampOp<T>(min, max), "Clamp", (g, x) => Zip(x, g, new ClampGradOp<T>(min, max)));
    }

    /// <summary>Sums <paramref name="target"/>-broadcast dimensions away so the result has shape <paramref name="target"/>.</summary>
    internal Tensor<T> SumTo(int[] target)
    {
        if (shape.AsSpan().SequenceEqual(target))
        {
            return this;
        }

        var lead = Rank - target.Length;
        var axes = new List<int>();
        for (var d = 0; d < Rank; d++)
        {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1))
            {
                axes.Add(d);
            }
        }

        return Sum([.. axes], keepDim: true).Reshape(target);
    }

    /// <summary>Output shape of broadcasting two shapes (NumPy rules), or an exception naming the op and both shapes.</summary>
    internal static int[] BroadcastShape(int[] a, int[] b, string op)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {FormatShape(a)} and {FormatShape(b)} cannot be broadcast together.");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>This tensor's strides seen through a broadcast to <paramref name="target"/> (0 on repeated dimensions).</summary>
    internal int[] BroadcastStrides(int[] target)
    {
        var result = new int[target.Length];
        var lead = target.Length - Rank;
        for (var d = lead; d < target.Length; d++)
        {
            result[d] = shape[d - lead] == 1 ? 0 : strides[d - lead];
        }

        return result;
    }

    /// <summary>Applies a per-element function of (x, g) to two equally shaped tensors, outside the graph.</summary>
    internal static Tensor<T> Zip<TOp>(Tensor<T> x, Tensor<T> g, TOp op)
        where TOp : struct, IBinaryOp<T>
    {
        var xs = x.Contiguous();
        var gs = g.Contiguous();
        var result = Uninitialized(x.shape);
        var (xa, xo, ga, go, d) = (xs.Storage, xs.Offset, gs.Storage, gs.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                d[i] = op.Apply(xa[xo + i], ga[go + i]);
            }
        });
        return result;
    }

    /// <summary>g · [x &gt; 0] in one vectorised pass (x contiguous, outside the graph).</summary>
    internal static Tensor<T> ReluBackward(Tensor<T> x, Tensor<T> g)
    {
        var gs = g.Contiguous();
        var result = Uninitialized(x.shape);
        var (xa, xo, ga, go, d) = (x.Storage, x.Offset, gs.Storage, gs.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) => ReluKernels<T>.Backward(xa.AsSpan(xo + s, e - s), ga.AsSpan(go + s, e - s), d.AsSpan(s, e - s)));
        return result;
    }

    private static Tensor<T> Checked(Tensor<T> t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t;
    }

    private Tensor<T> Broadcast<TOp>(Tensor<T> other, string name, Func<Tensor<T>, Tensor<T>, Tensor<T>, Tensor<T>?[]> backward)
        where TOp : struct, IBroadcastOp<T>
    {
        ArgumentNullException.ThrowIfNull(other);
        var outShape = BroadcastShape(shape, other.shape, name);
        var result = Uninitialized(outShape);
        var d = result.Storage;
        var aStrides = BroadcastStrides(outShape);
        var bStrides = other.BroadcastStrides(outShape);
        var aFull = IsContiguous && shape.AsSpan().SequenceEqual(outShape);
        var bFull = other.IsContiguous && other.shape.AsSpan().SequenceEqual(outShape);
        var (aa, ao, ba, bo) = (Storage, Offset, other.Storage, other.Offset);
        if (aFull && bFull)
        {
            Chunks.For(d.Length, (s, e) => TOp.Vector(aa.AsSpan(ao + s, e - s), ba.AsSpan(bo + s, e - s), d.AsSpan(s, e - s)));
        }
        else if (aFull && AllZero(bStrides))
        {
            // Also an expanded scalar (e.g. the gradient of a mean): one value broadcast everywhere.
            var y = ba[bo];
            Chunks.For(d.Length, (s, e) => TOp.VectorScalar(aa.AsSpan(ao + s, e - s), y, d.AsSpan(s, e - s)));
        }
        else if (bFull && AllZero(aStrides))
        {
            var x = aa[ao];
            Chunks.For(d.Length, (s, e) => TOp.ScalarVector(x, ba.AsSpan(bo + s, e - s), d.AsSpan(s, e - s)));
        }
        else
        {
            BroadcastStrided<TOp>(outShape, aa, ao, aStrides, ba, bo, bStrides, d);
        }

        var a = this;
        var aShape = shape;
        var bShape = other.shape;
        return Record(result, name, [this, other], g =>
        {
            var grads = backward(g, a, other);
            return [grads[0]?.SumTo(aShape), grads[1]?.SumTo(bShape)];
        });
    }

    /// <summary>dst[i] = op(a[…], b[…]) over a row-major walk of <paramref name="outShape"/> with per-input strides.</summary>
    internal static void StridedBinary<TOp>(TOp op, int[] outShape, T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, T[] dst)
        where TOp : struct, IBinaryOp<T>
    {
        var count = Numel(outShape);
        if (count == 0)
        {
            return;
        }

        var rank = outShape.Length;
        if (rank == 0)
        {
            dst[0] = op.Apply(a[aOffset], b[bOffset]);
            return;
        }

        var inner = outShape[rank - 1];
        var sa = aStrides[rank - 1];
        var sb = bStrides[rank - 1];
        ForRows(outShape, aOffset, aStrides, bOffset, bStrides, (o, ao, bo) =>
        {
            for (var i = 0; i < inner; i++)
            {
                dst[o + i] = op.Apply(a[ao + (i * sa)], b[bo + (i * sb)]);
            }
        });
    }

    /// <summary>Like <see cref="StridedBinary{TOp}"/>, with vectorised rows where the inner strides allow it.</summary>
    private static void BroadcastStrided<TOp>(int[] outShape, T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, T[] dst)
        where TOp : struct, IBroadcastOp<T>
    {
        var rank = outShape.Length;
        if (rank == 0 || Numel(outShape) == 0)
        {
            StridedBinary(default(TOp), outShape, a, aOffset, aStrides, b, bOffset, bStrides, dst);
            return;
        }

        var inner = outShape[rank - 1];
        var sa = aStrides[rank - 1];
        var sb = bStrides[rank - 1];
        if (sa == 1 && sb == 1)
        {
            ForRows(outShape, aOffset, aStrides, bOffset, bStrides, (o, ao, bo) => TOp.Vector(a.AsSpan(ao, inner), b.AsSpan(bo, inner), dst.AsSpan(o, inner)));
        }
        else if (sa == 1 && sb == 0)
        {
            ForRows(outShape, aOffset, aStrides, bOffset, bStrides, (o, ao, bo) => TOp.VectorScalar(a.AsSpan(ao, inner), b[bo], dst.AsSpan(o, inner)));
        }
        else if (sa == 0 && sb == 1)
        {
            ForRows(outShape, aOffset, aStrides, bOffset, bStrides, (o, ao, bo) => TOp.ScalarVector(a[ao], b.AsSpan(bo, inner), dst.AsSpan(o, inner)));
        }
        else
        {
            StridedBinary(default(TOp), outShape, a, aOffset, aStrides, b, bOffset, bStrides, dst);
        }
    }

    /// <summary>
    /// Calls <paramref name="row"/>(output offset, a offset, b offset) for each innermost row of
    /// <paramref name="outShape"/>, rows split over <see cref="Chunks"/> (each row is independent).
    /// </summary>
    private static void ForRows(int[] outShape, int aOffset, int[] aStrides, int bOffset, int[] bStrides, Action<int, int, int> row)
    {
        var rank = outShape.Length;
        var inner = Math.Max(1, outShape[rank - 1]);
        var rows = Numel(outShape) / inner;
        Chunks.For(rows, Math.Max(1, Chunks.MinElements / inner), (start, end) =>
        {
            // Odometer position of row `start`.
            var index = new int[rank];
            var ao = aOffset;
            var bo = bOffset;
            var rest = start;
            for (var d = rank - 2; d >= 0; d--)
            {
                index[d] = rest % outShape[d];
                rest /= outShape[d];
                ao += index[d] * aStrides[d];
                bo += index[d] * bStrides[d];
            }

            for (var r = start; r < end; r++)
            {
                row(r * inner, ao, bo);
                for (var d = rank - 2; d >= 0; d--)
                {
                    index[d]++;
                    ao += aStrides[d];
                    bo += bStrides[d];
                    if (index[d] < outShape[d])
                    {
                        break;
                    }

                    ao -= aStrides[d] * outShape[d];
                    bo -= bStrides[d] * outShape[d];
                    index[d] = 0;
                }
            }
        });
    }

    private static bool AllZero(int[] values)
    {
        foreach (var v in values)
        {
            if (v != 0)
            {
                return false;
            }
        }

        return true;
    }

    private delegate void VectorKernel(ReadOnlySpan<T> x, Span<T> destination);

    private Tensor<T> MapVector(VectorKernel kernel, string name, Func<Tensor<T>, Tensor<T>, Tensor<T>, Tensor<T>> backward)
    {
        var x = Contiguous().Detach();
        var result = Uninitialized(shape);
        var (xa, xo, d) = (x.Storage, x.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) => kernel(xa.AsSpan(xo + s, e - s), d.AsSpan(s, e - s)));
        var y = result.Detach();
        return Record(result, name, [this], g => [backward(g, x, y)]);
    }

    private Tensor<T> Map<TOp>(TOp op, string name, Func<Tensor<T>, Tensor<T>, Tensor<T>> backward)
        where TOp : struct, IUnaryOp<T>
    {
        var x = Contiguous().Detach();
        var result = Uninitialized(shape);
        var (xa, xo, d) = (x.Storage, x.Offset, result.Storage);
        Chunks.For(d.Length, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                d[i] = op.Apply(xa[xo + i]);
            }
        });
        return Record(result, name, [this], g => [backward(g, x)]);
    }
}
