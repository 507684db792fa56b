using System.Numerics;
using Research.Tensors.Autograd;
using Research.Tensors.Memory;

namespace Research.Tensors;

/// <summary>
/// A dense n-dimensional array of <typeparamref name="T"/> (float32 for work, float64 for gradient checks) with
/// row-major storage, a shape and strides. Views (reshape, slice, transpose, expand) share storage; ops return new
/// tensors and, when any input requires a gradient and recording is on, record a backward closure so that
/// <see cref="Backward"/> can fill <see cref="Grad"/> of the leaves.
/// </summary>
/// <typeparam name="T">Element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed partial class Tensor<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] shape;
    private readonly int[] strides;
    private bool requiresGrad;

    internal Tensor(T[] storage, int offset, int[] shape, int[] strides)
    {
        Storage = storage;
        Offset = offset;
        this.shape = shape;
        this.strides = strides;
        ElementCount = Numel(shape);
        IsContiguous = ComputeContiguous(shape, strides);
    }

    /// <summary>A contiguous tensor of zeros.</summary>
    internal Tensor(int[] shape)
        : this(StoragePool<T>.RentZeroed(Numel(shape)), 0, shape, ContiguousStrides(shape))
    {
    }

    /// <summary>Sizes of each dimension (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>Storage step of each dimension, in elements.</summary>
    public IReadOnlyList<int> Strides => strides;

    /// <summary>Number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public int ElementCount { get; }

    /// <summary>Whether the elements are laid out row-major without gaps (fast paths apply).</summary>
    public bool IsContiguous { get; }

    /// <summary>Whether gradients flow to (or through) this tensor. Only leaves may be set; false freezes a parameter.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (GradFn is not null)
            {
                throw new InvalidOperationException($"RequiresGrad can only be set on leaf tensors; this one is the output of '{GradFn.Name}' (use Detach()).");
            }

            requiresGrad = value;
        }
    }

    /// <summary>Accumulated gradient of a leaf after <see cref="Backward"/> (null until then or after <see cref="ZeroGrad"/>).</summary>
    public Tensor<T>? Grad { get; set; }

    /// <summary>Whether this tensor was created by the user rather than recorded by an op.</summary>
    public bool IsLeaf => GradFn is null;

    internal T[] Storage { get; }

    internal int Offset { get; }

    internal GradFn<T>? GradFn { get; private set; }

    internal int[] ShapeArray => shape;

    internal int[] StrideArray => strides;

    /// <summary>The elements of a contiguous tensor as a span over its storage.</summary>
    internal Span<T> Span => IsContiguous ? Storage.AsSpan(Offset, ElementCount) : throw new InvalidOperationException("Tensor is not contiguous.");

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => shape[NormalizeDim(dim, Rank, "Size")];

    /// <summary>The single element of a one-element tensor.</summary>
    public T Item()
    {
        if (ElementCount != 1)
        {
            throw new InvalidOperationException($"Item: tensor of shape {FormatShape(shape)} has {ElementCount} elements, not 1.");
        }

        return Storage[Offset];
    }

    /// <summary>The elements in row-major order (a copy).</summary>
    public T[] ToArray() => Contiguous().Span.ToArray();

    /// <summary>A tensor sharing storage with this one but outside the graph (no gradient flows through it).</summary>
    public Tensor<T> Detach() => new(Storage, Offset, shape, strides);

    /// <summary>Drops the accumulated gradient (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// Back-propagates from this tensor: with no <paramref name="gradient"/> it must hold one element (seed 1).
    /// Every leaf that requires a gradient has the result added to its <see cref="Grad"/> (accumulating across calls).
    /// </summary>
    public void Backward(Tensor<T>? gradient = null)
    {
        if (!requiresGrad)
        {
            throw new InvalidOperationException("Backward: tensor does not require a gradient (no input requires one, or it was computed under NoGrad).");
        }

        if (gradient is null && ElementCount != 1)
        {
            throw new InvalidOperationException($"Backward: implicit gradient only for one-element tensors, got shape {FormatShape(shape)}.");
        }

        if (gradient is not null)
        {
            CheckSameShape("Backward", this, gradient);
        }

        var order = TopologicalOrder();
        var previousTracking = StoragePool<T>.BeginTracking();
        try
        {
            RunBackward(order, gradient);
        }
        finally
        {
            StoragePool<T>.EndTracking(previousTracking);
        }
    }

    /// <summary>
    /// The reverse walk of <see cref="Backward"/>. Pending gradients count references to their storage arrays; when a
    /// gradient is consumed (or summed into another) and no pending gradient shares its array, the array is dead and,
    /// if it was rented during this pass, goes back to <see cref="StoragePool{T}"/>.
    /// </summary>
    private void RunBackward(List<Tensor<T>> order, Tensor<T>? gradient)
    {
        var grads = new Dictionary<Tensor<T>, Tensor<T>>(ReferenceEqualityComparer.Instance);
        var references = new Dictionary<T[], int>(ReferenceEqualityComparer.Instance);
        var dead = new List<T[]>();
        void Hold(Tensor<T> t) => references[t.Storage] = references.GetValueOrDefault(t.Storage) + 1;
        void Drop(Tensor<T> t)
        {
            if (--CollectionsMarshalRef(references, t.Storage) == 0)
            {
                references.Remove(t.Storage);
            }

            dead.Add(t.Storage);
        }

        void Recycle()
        {
            foreach (var array in dead)
            {
                if (!references.ContainsKey(array))
                {
                    StoragePool<T>.ReturnIfTracked(array);
                }
            }

            dead.Clear();
        }

        var seed = gradient?.Detach() ?? Tensor.Full(shape, T.One);
        grads[this] = seed;
        Hold(seed);
        using var scope = new NoGrad();
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (!grads.Remove(node, out var g))
            {
                continue;
            }

            if (node.GradFn is null)
            {
                if (node.Grad is null)
                {
                    // Own copy: g may alias an intermediate or the caller's gradient.
                    node.Grad = g.Clone();
                }
                else
                {
                    node.Grad = node.Grad.Add(g);
                }

                Drop(g);
                Recycle();
                continue;
            }

            var inputGrads = node.GradFn.Backward(g);
            for (var j = 0; j < node.GradFn.Inputs.Length; j++)
            {
                var input = node.GradFn.Inputs[j];
                var ig = inputGrads[j];
                if (ig is null)
                {
                    continue;
                }

                if (!input.requiresGrad)
                {
                    dead.Add(ig.Storage);
                    continue;
                }

                CheckSameShape($"backward of '{node.GradFn.Name}'", input, ig);
                if (grads.TryGetValue(input, out var existing))
                {
                    var sum = existing.Add(ig);
                    Drop(existing);
                    dead.Add(ig.Storage);
                    grads[input] = sum;
                    Hold(sum);
                }
                else
                {
                    grads[input] = ig;
                    Hold(ig);
                }
            }

            // Only now: a returned gradient may share g's array (pass-through ops, views), so g is dead only if
            // nothing pending holds its array after all of this node's outputs were stored.
            Drop(g);
            Recycle();
        }
    }

    private static ref int CollectionsMarshalRef(Dictionary<T[], int> references, T[] key) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(references, key);

    /// <summary>Nodes reachable from this one, each after all of its inputs.</summary>
    private List<Tensor<T>> TopologicalOrder()
    {
        var order = new List<Tensor<T>>();
        var visited = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor<T> Node, int Next)>();
        visited.Add(this);
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = node.GradFn?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((node, next + 1));
                var input = inputs[next];
                if (input.requiresGrad && visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return order;
    }

    /// <summary>
    /// A contiguous tensor whose elements are unspecified (possibly recycled storage): for op outputs that overwrite
    /// every element. Use <c>new Tensor&lt;T&gt;(shape)</c> when the kernel accumulates into zeros.
    /// </summary>
    internal static Tensor<T> Uninitialized(int[] shape) =>
        new(StoragePool<T>.RentUninitialized(Numel(shape)), 0, shape, ContiguousStrides(shape));

    /// <summary>A contiguous copy (never aliasing this tensor's storage), outside the graph.</summary>
    internal Tensor<T> Clone()
    {
        var result = Uninitialized(shape);
        StridedCopy(shape, Storage, Offset, strides, result.Storage, 0, result.strides);
        return result;
    }

    /// <summary>Attaches a backward closure to <paramref name="result"/> when recording is on and an input needs it.</summary>
    internal static Tensor<T> Record(Tensor<T> result, string name, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward)
    {
        if (!GradMode.IsEnabled)
        {
            return result;
        }

        foreach (var input in inputs)
        {
            if (input.requiresGrad)
            {
                result.requiresGrad = true;
                result.GradFn = new GradFn<T>(name, inputs, backward);
                break;
            }
        }

        return result;
    }

    internal static int Numel(int[] shape)
    {
        long n = 1;
        foreach (var s in shape)
        {
            n *= s;
        }

        return checked((int)n);
    }

    internal static int[] ContiguousStrides(int[] shape)
    {
        var result = new int[shape.Length];
        var step = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            result[d] = step;
            step *= shape[d];
        }

        return result;
    }

    private static bool ComputeContiguous(int[] shape, int[] strides)
    {
        var step = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != step)
            {
                return false;
            }

            step *= shape[d];
        }

        return true;
    }

    internal static int NormalizeDim(int dim, int rank, string op)
    {
        var d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of rank {rank}.");
        }

        return d;
    }

    internal static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    internal static void CheckSameShape(string op, Tensor<T> a, Tensor<T> b)
    {
        if (!a.shape.AsSpan().SequenceEqual(b.shape))
        {
            throw new ArgumentException($"{op}: shapes {FormatShape(a.shape)} and {FormatShape(b.shape)} differ.");
        }
    }

    /// <summary>Copies a strided source region into a strided destination of the same shape.</summary>
    internal static void StridedCopy(int[] shape, T[] src, int srcOffset, int[] srcStrides, T[] dst, int dstOffset, int[] dstStrides)
    {
        var count = Numel(shape);
        if (count == 0)
        {
            return;
        }

        var rank = shape.Length;
        if (rank == 0)
        {
            dst[dstOffset] = src[srcOffset];
            return;
        }

        var inner = shape[rank - 1];
        var si = srcStrides[rank - 1];
        var di = dstStrides[rank - 1];
        var outer = count / inner;
        var index = new int[rank];
        var s = srcOffset;
        var o = dstOffset;
        for (var t = 0; t < outer; t++)
        {
            if (si == 1 && di == 1)
            {
                Array.Copy(src, s, dst, o, inner);
            }
            else
            {
                for (var i = 0; i < inner; i++)
                {
                    dst[o + (i * di)] = src[s + (i * si)];
                }
            }

            for (var d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                s += srcStrides[d];
                o += dstStrides[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                s -= srcStrides[d] * shape[d];
                o -= dstStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
