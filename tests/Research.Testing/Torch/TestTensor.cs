namespace Research.Testing.Torch;

/// <summary>A tensor entry: view of a storage with an element offset, sizes and strides.</summary>
public sealed record TestTensor(string Name, string StorageKey, long Offset, long[] Size, long[] Stride)
{
    /// <summary>Wrap in torch._utils._rebuild_parameter (an nn.Parameter).</summary>
    public bool Parameter { get; init; }

    /// <summary>Legacy view metadata (view_key, offset, size) in the persistent id.</summary>
    public (string Key, long Offset, long Size)? View { get; init; }
}
