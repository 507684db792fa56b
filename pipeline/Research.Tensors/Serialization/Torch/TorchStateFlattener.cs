using System.Globalization;
using System.Numerics;

namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// Walks the unpickled object and turns every reachable tensor into a named <see cref="SafetensorsTensor"/> with
/// contiguous little-endian row-major bytes. Names join dict keys and list/tuple indices with '.'.
/// </summary>
internal sealed class TorchStateFlattener
{
    private const int MaxNesting = 64;

    private readonly string _source;
    private readonly IReadOnlyDictionary<string, byte[]> _storages;
    private readonly long _copyBudget;
    private readonly List<SafetensorsTensor> _tensors = [];
    private readonly List<KeyValuePair<string, string>> _others = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<object> _visited = new(ReferenceEqualityComparer.Instance);
    private long _copied;

    private TorchStateFlattener(string source, IReadOnlyDictionary<string, byte[]> storages, long copyBudget)
    {
        _source = source;
        _storages = storages;
        _copyBudget = copyBudget;
    }

    /// <summary>
    /// Flattens <paramref name="root"/>. <paramref name="storages"/> maps storage keys to their whole little-endian
    /// data; <paramref name="copyBudget"/> caps the bytes copied for non-contiguous tensors (hostile strides could
    /// otherwise expand a tiny file into gigabytes).
    /// </summary>
    public static (List<SafetensorsTensor> Tensors, List<KeyValuePair<string, string>> Others) Flatten(
        string source, object? root, IReadOnlyDictionary<string, byte[]> storages, long copyBudget)
    {
        var flattener = new TorchStateFlattener(source, storages, copyBudget);
        flattener.Visit(root, "", 0);
        return (flattener._tensors, flattener._others);
    }

    private void Visit(object? value, string name, int depth)
    {
        if (depth > MaxNesting)
        {
            throw TorchErrors.Error(_source, $"'{name}': containers nested deeper than {MaxNesting}");
        }

        switch (value)
        {
            case TorchTensorRef tensor:
                Add(name.Length == 0 ? "tensor" : name, tensor);
                return;
            case PickleDict dict:
                if (!_visited.Add(dict))
                {
                    return; // A container reached twice (or a cycle): its tensors are already named.
                }

                foreach (var (key, item) in dict.Entries)
                {
                    Visit(item, Join(name, KeyText(key)), depth + 1);
                }

                return;
            case PickleList list:
                if (!_visited.Add(list))
                {
                    return;
                }

                for (var i = 0; i < list.Items.Count; i++)
                {
                    Visit(list.Items[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                }

                return;
            case PickleTuple tuple:
                if (!_visited.Add(tuple))
                {
                    return; // Shared tuples would otherwise make a hostile DAG exponential to walk.
                }

                for (var i = 0; i < tuple.Items.Length; i++)
                {
                    Visit(tuple.Items[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
                }

                return;
            default:
                _others.Add(new(name, PickleText.Scalar(value)));
                return;
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private static string KeyText(object key) => key switch
    {
        string s => s,
        long or BigInteger => PickleText.Scalar(key),
        _ => PickleText.Scalar(key),
    };

    private void Add(string name, TorchTensorRef tensor)
    {
        if (!_names.Add(name))
        {
            throw TorchErrors.Error(_source, $"two tensors flatten to the same name '{name}'");
        }

        _tensors.Add(Materialise(name, tensor));
    }

    private SafetensorsTensor Materialise(string name, TorchTensorRef tensor)
    {
        var storage = tensor.Storage;
        var es = storage.Type.ElementSize;
        var rank = tensor.Size.Length;
        if (rank > 64)
        {
            throw Error(name, $"has {rank} dimensions");
        }

        var shape = new int[rank];
        long numel = 1;
        for (var d = 0; d < rank; d++)
        {
            if (tensor.Size[d] < 0 || tensor.Size[d] > int.MaxValue)
            {
                throw Error(name, $"has size {tensor.Size[d]} in dimension {d}");
            }

            if (tensor.Stride[d] < 0)
            {
                throw Error(name, $"has negative stride {tensor.Stride[d]} in dimension {d}");
            }

            shape[d] = (int)tensor.Size[d];
            numel = Mul(name, numel, tensor.Size[d]);
        }

        var byteLength = Mul(name, numel, es);
        if (byteLength > Array.MaxLength)
        {
            throw Error(name, $"needs {byteLength} bytes, more than one .NET array can hold");
        }

        if (numel == 0)
        {
            return new SafetensorsTensor(name, storage.Type.DType, shape, Array.Empty<byte>());
        }

        // Highest element index touched must lie inside the storage the tensor sees.
        var last = tensor.Offset;
        for (var d = 0; d < rank; d++)
        {
            last = Add(name, last, Mul(name, tensor.Size[d] - 1, tensor.Stride[d]));
        }

        if (tensor.Offset < 0 || last >= storage.Numel)
        {
            throw Error(name, $"[{string.Join(", ", shape)}] with offset {tensor.Offset} and strides ({string.Join(", ", tensor.Stride)}) reaches element {last} of a {storage.Numel}-element storage");
        }

        var data = _storages[storage.Key];
        var baseByte = (storage.ViewOffset + tensor.Offset) * es;
        if (IsContiguous(tensor))
        {
            return new SafetensorsTensor(name, storage.Type.DType, shape, data.AsMemory((int)baseByte, (int)byteLength));
        }

        _copied += byteLength;
        if (_copied > _copyBudget)
        {
            throw Error(name, $"non-contiguous tensors would need more than {_copyBudget} bytes of copies; refusing (strides expand the data)");
        }

        return new SafetensorsTensor(name, storage.Type.DType, shape, Gather(data, baseByte, tensor, es, byteLength));
    }

    private static bool IsContiguous(TorchTensorRef tensor)
    {
        long expected = 1;
        for (var d = tensor.Size.Length - 1; d >= 0; d--)
        {
            if (tensor.Size[d] != 1 && tensor.Stride[d] != expected)
            {
                return false;
            }

            expected *= tensor.Size[d];
        }

        return true;
    }

    /// <summary>Copies element by element in row-major order (an odometer over the indices).</summary>
    private static byte[] Gather(byte[] data, long baseByte, TorchTensorRef tensor, int es, long byteLength)
    {
        var result = new byte[byteLength];
        var rank = tensor.Size.Length;
        var index = new long[rank];
        var source = baseByte;
        for (long o = 0; o < byteLength; o += es)
        {
            data.AsSpan((int)source, es).CopyTo(result.AsSpan((int)o, es));
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < tensor.Size[d])
                {
                    source += tensor.Stride[d] * es;
                    break;
                }

                source -= (tensor.Size[d] - 1) * tensor.Stride[d] * es;
                index[d] = 0;
            }
        }

        return result;
    }

    private long Mul(string name, long a, long b)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw Error(name, "has sizes, strides or offset that overflow 64-bit arithmetic");
        }
    }

    private long Add(string name, long a, long b)
    {
        try
        {
            return checked(a + b);
        }
        catch (OverflowException)
        {
            throw Error(name, "has sizes, strides or offset that overflow 64-bit arithmetic");
        }
    }

    private InvalidDataException Error(string name, string message) => TorchErrors.Error(_source, $"tensor '{name}' {message}");
}
