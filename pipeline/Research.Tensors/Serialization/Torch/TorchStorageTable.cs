namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// Resolves the persistent ids of a checkpoint pickle into <see cref="TorchStorageRef"/>s and remembers every
/// storage record (key, type, element count) so the data can be checked against them. Legacy ids have six fields
/// (the last is view metadata or None); zip ids have five.
/// </summary>
internal sealed class TorchStorageTable
{
    private readonly TorchInput _input;
    private readonly bool _legacy;
    private readonly Dictionary<string, TorchStorageRef> _roots = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public TorchStorageTable(TorchInput input, bool legacy)
    {
        _input = input;
        _legacy = legacy;
    }

    /// <summary>Storage keys in order of first reference.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>The whole-record storage of <paramref name="key"/>, or null when the pickle never named it.</summary>
    public TorchStorageRef? Root(string key) => _roots.GetValueOrDefault(key);

    public object Resolve(PickleTuple pid, long offset)
    {
        var f = pid.Items;
        if (f.Length == 0 || f[0] is not "storage")
        {
            throw Error(offset, $"persistent id is not a ('storage', …) tuple (first field {PickleText.Scalar(f.Length > 0 ? f[0] : null)})");
        }

        var expected = _legacy ? 6 : 5;
        if (f.Length != expected && !(!_legacy && f.Length == 6 && f[5] is null))
        {
            throw Error(offset, $"storage persistent id has {f.Length} fields, expected {expected}");
        }

        if (f[1] is not PickleGlobal { Kind: PickleGlobalKind.Storage, StorageType: { } type })
        {
            throw Error(offset, $"storage type is {PickleText.TypeName(f[1])}, not a torch storage class");
        }

        if (_legacy && type.Name == "UntypedStorage")
        {
            throw Error(offset, "UntypedStorage in a legacy file");
        }

        if (f[2] is not string key || f[3] is not string location || f[4] is not long numel)
        {
            throw Error(offset, "storage key and location must be strings and the element count an int");
        }

        if (numel < 0 || numel > Array.MaxLength / type.ElementSize)
        {
            throw Error(offset, $"storage '{key}' has an impossible element count {numel}");
        }

        if (_roots.TryGetValue(key, out var root))
        {
            if (root.Type != type || root.RootNumel != numel)
            {
                throw Error(offset, $"storage '{key}' is named as {root.Type.Name}×{root.RootNumel} and as {type.Name}×{numel}");
            }
        }
        else
        {
            root = new TorchStorageRef(key, type, numel, 0, numel, location);
            _roots.Add(key, root);
            _order.Add(key);
        }

        if (f.Length < 6 || f[5] is null)
        {
            return root;
        }

        // Legacy view: (view_key, offset, size) in elements of the root storage.
        if (f[5] is not PickleTuple { Items: [string, long viewOffset, long viewSize] })
        {
            throw Error(offset, $"storage '{key}' has view metadata that is not (key, offset, size)");
        }

        if (viewOffset < 0 || viewSize < 0 || viewOffset > numel || viewSize > numel - viewOffset)
        {
            throw Error(offset, $"view [{viewOffset}, {viewOffset}+{viewSize}) lies outside storage '{key}' of {numel} elements");
        }

        return new TorchStorageRef(key, type, numel, viewOffset, viewSize, location);
    }

    private InvalidDataException Error(long offset, string message) =>
        _input.Error($"malformed pickle at byte offset {offset}: {message}");
}
