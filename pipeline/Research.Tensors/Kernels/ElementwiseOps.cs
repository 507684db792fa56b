using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Kernels;

// Per-element operations as structs so generic loops specialise and inline them (no delegate call per element).

/// <summary>A per-element function of one value.</summary>
internal interface IUnaryOp<T>
{
    T Apply(T x);
}

/// <summary>A per-element function of two values.</summary>
internal interface IBinaryOp<T>
{
    T Apply(T x, T y);
}

/// <summary>A broadcasting binary op with vectorised contiguous paths.</summary>
internal interface IBroadcastOp<T> : IBinaryOp<T>
{
    static abstract void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);

    static abstract void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d);

    static abstract void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d);
}

internal readonly struct AddOp<T> : IBroadcastOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x + y;

    public static void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(x, y, d);

    public static void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Add(x, y, d);

    public static void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(y, x, d);
}

internal readonly struct SubOp<T> : IBroadcastOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x - y;

    public static void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);

    public static void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Subtract(x, y, d);

    public static void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
}

internal readonly struct MulOp<T> : IBroadcastOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x * y;

    public static void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(x, y, d);

    public static void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Multiply(x, y, d);

    public static void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(y, x, d);
}

internal readonly struct DivOp<T> : IBroadcastOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => x / y;

    public static void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);

    public static void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Divide(x, y, d);

    public static void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
}

internal readonly struct PowOp<T> : IBroadcastOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T y) => T.Pow(x, y);

    // Scalar loops: the same libm call per element as the strided path, so every path gives identical bits.
    public static void Vector(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = T.Pow(x[i], y[i]);
        }
    }

    public static void VectorScalar(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = T.Pow(x[i], y);
        }
    }

    public static void ScalarVector(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = T.Pow(x, y[i]);
        }
    }
}

internal readonly struct ReluOp<T> : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > T.Zero ? x : T.Zero;
}

internal readonly struct LeakyReluOp<T>(T slope) : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > T.Zero ? x : x * slope;
}

internal readonly struct SoftplusOp<T> : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): no overflow for large |x|.
    public T Apply(T x) => T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));
}

internal readonly struct ClampOp<T>(T min, T max) : IUnaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x < min ? min : x > max ? max : x;
}

/// <summary>g · [x &gt; 0]: the ReLU gradient.</summary>
internal readonly struct ReluGradOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => x > T.Zero ? g : T.Zero;
}

internal readonly struct LeakyReluGradOp<T>(T slope) : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => x > T.Zero ? g : g * slope;
}

internal readonly struct SoftplusGradOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => g / (T.One + T.Exp(-x));
}

/// <summary>Passes the gradient where min ≤ x ≤ max (PyTorch's clamp convention).</summary>
internal readonly struct ClampGradOp<T>(T min, T max) : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => x >= min && x <= max ? g : T.Zero;
}

internal readonly struct AbsGradOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => x > T.Zero ? g : x < T.Zero ? -g : T.Zero;
}

/// <summary>g · (1 − y²): the tanh gradient from its output.</summary>
internal readonly struct TanhGradOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T y, T g) => g * (T.One - (y * y));
}

/// <summary>g · y · (1 − y): the sigmoid gradient from its output.</summary>
internal readonly struct SigmoidGradOp<T> : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T y, T g) => g * y * (T.One - y);
}

/// <summary>g · p · x^(p−1): the gradient of x^p with respect to x.</summary>
internal readonly struct PowScalarGradOp<T>(T p) : IBinaryOp<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x, T g) => g * p * T.Pow(x, p - T.One);
}

/// <summary>Vectorised ReLU forward and backward with exactly the scalar ops' results (NaN → 0, −0 → +0).</summary>
internal static class ReluKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>d[i] = x[i] &gt; 0 ? x[i] : 0.</summary>
    public static void Forward(ReadOnlySpan<T> x, Span<T> d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(d.Length, x.Length);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i + (nuint)Vector512<T>.Count <= n; i += (nuint)Vector512<T>.Count)
            {
                var v = Vector512.LoadUnsafe(ref xr, i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<T>.Zero), v, Vector512<T>.Zero).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i + (nuint)Vector256<T>.Count <= n; i += (nuint)Vector256<T>.Count)
            {
                var v = Vector256.LoadUnsafe(ref xr, i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<T>.Zero), v, Vector256<T>.Zero).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = default(ReluOp<T>).Apply(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>d[i] = x[i] &gt; 0 ? g[i] : 0 (the ReLU gradient, fused: no mask tensor).</summary>
    public static void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> d)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(g.Length, x.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(d.Length, x.Length);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i + (nuint)Vector512<T>.Count <= n; i += (nuint)Vector512<T>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref xr, i), Vector512<T>.Zero);
                Vector512.ConditionalSelect(mask, Vector512.LoadUnsafe(ref gr, i), Vector512<T>.Zero).StoreUnsafe(ref dr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i + (nuint)Vector256<T>.Count <= n; i += (nuint)Vector256<T>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, i), Vector256<T>.Zero);
                Vector256.ConditionalSelect(mask, Vector256.LoadUnsafe(ref gr, i), Vector256<T>.Zero).StoreUnsafe(ref dr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = default(ReluGradOp<T>).Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref gr, i));
        }
    }
}
