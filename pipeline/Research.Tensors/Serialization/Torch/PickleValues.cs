using System.Numerics;

namespace Research.Tensors.Serialization.Torch;

// The object model of the pickle machine. Python None is C# null; ints are long (BigInteger when wider); floats are
// double; str is string; bytes is byte[]. Everything else is one of the small types below. Nothing here can run code.

/// <summary>An immutable Python tuple; <see cref="Depth"/> bounds recursion over nested tuples.</summary>
internal sealed class PickleTuple(object?[] items)
{
    public static readonly PickleTuple Empty = new([]);

    public object?[] Items { get; } = items;

    public int Depth { get; } = 1 + items.Select(i => i is PickleTuple t ? t.Depth : 0).DefaultIfEmpty(0).Max();
}

/// <summary>A Python list.</summary>
internal sealed class PickleList
{
    public List<object?> Items { get; } = [];
}

/// <summary>A dict or OrderedDict, in insertion order. State set by BUILD (e.g. '_metadata') is kept but not flattened.</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> _index = new(PickleKeyComparer.Instance);
    private readonly List<KeyValuePair<object, object?>> _entries = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Entries => _entries;

    public object? State { get; set; }

    /// <summary>Python semantics: a repeated key replaces the value in place.</summary>
    public void Set(object? key, object? value, Func<string, Exception> error)
    {
        if (key is null or PickleList or PickleDict or PickleGlobal or TorchStorageRef or TorchTensorRef)
        {
            throw error($"unhashable or unsupported dict key of type {PickleText.TypeName(key)}");
        }

        if (key is PickleTuple tuple && !PickleKeyComparer.IsHashable(tuple))
        {
            throw error("unhashable tuple used as a dict key");
        }

        if (_index.TryGetValue(key, out var at))
        {
            _entries[at] = new(_entries[at].Key, value);
        }
        else
        {
            _index.Add(key, _entries.Count);
            _entries.Add(new(key, value));
        }
    }
}

/// <summary>A reference to an allow-listed global; only ever created from <see cref="PickleGlobals"/>.</summary>
internal sealed class PickleGlobal(string module, string name, PickleGlobalKind kind, TorchStorageType? storageType)
{
    public string Module { get; } = module;

    public string Name { get; } = name;

    public PickleGlobalKind Kind { get; } = kind;

    /// <summary>The element type for storage classes, otherwise null.</summary>
    public TorchStorageType? StorageType { get; } = storageType;

    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>What an allow-listed global does when called.</summary>
internal enum PickleGlobalKind
{
    OrderedDict,
    RebuildTensorV2,
    RebuildTensor,
    RebuildParameter,
    Storage,
    Size,
}

/// <summary>
/// A storage as named by a persistent id: the data record <see cref="Key"/> holding <see cref="RootNumel"/> elements,
/// of which this storage sees [<see cref="ViewOffset"/>, <see cref="ViewOffset"/> + <see cref="Numel"/>).
/// </summary>
internal sealed class TorchStorageRef(string key, TorchStorageType type, long rootNumel, long viewOffset, long numel, string location)
{
    public string Key { get; } = key;

    public TorchStorageType Type { get; } = type;

    public long RootNumel { get; } = rootNumel;

    public long ViewOffset { get; } = viewOffset;

    public long Numel { get; } = numel;

    public string Location { get; } = location;
}

/// <summary>A tensor as rebuilt by torch._utils._rebuild_tensor_v2: storage, element offset, sizes and strides.</summary>
internal sealed class TorchTensorRef(TorchStorageRef storage, long offset, long[] size, long[] stride)
{
    public TorchStorageRef Storage { get; } = storage;

    public long Offset { get; } = offset;

    public long[] Size { get; } = size;

    public long[] Stride { get; } = stride;
}

/// <summary>Dict-key equality with Python's rules for the hashable types we accept.</summary>
internal sealed class PickleKeyComparer : IEqualityComparer<object>
{
    public static readonly PickleKeyComparer Instance = new();

    public static bool IsHashable(PickleTuple tuple) =>
        tuple.Items.All(i => i is string or long or BigInteger or bool or double or byte[] || i is PickleTuple t && IsHashable(t));

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return (x, y) switch
        {
            (PickleTuple a, PickleTuple b) => a.Items.Length == b.Items.Length && a.Items.Zip(b.Items).All(p => Equals(p.First, p.Second)),
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (null, _) or (_, null) => false,
            _ => x.Equals(y),
        };
    }

    public int GetHashCode(object obj) => obj switch
    {
        PickleTuple t => t.Items.Aggregate(17, (h, i) => (h * 31) + (i is null ? 0 : GetHashCode(i))),
        byte[] b => b.Length,
        _ => obj.GetHashCode(),
    };
}
