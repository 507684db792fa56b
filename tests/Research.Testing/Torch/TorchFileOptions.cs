namespace Research.Testing.Torch;

/// <summary>Options shared by the legacy and zip builders.</summary>
public sealed record TorchFileOptions
{
    /// <summary>Py2 strings (SHORT_BINSTRING) as in the LPIPS files.</summary>
    public bool Py2Strings { get; init; }

    /// <summary>OrderedDict built from a list of [key, tensor] lists (LPIPS pattern b) instead of SETITEMS (pattern a).</summary>
    public bool PairListOrderedDict { get; init; }

    /// <summary>Add BUILD {'_metadata': OrderedDict{'': {'version': 1}, …}} after the state dict.</summary>
    public bool Metadata { get; init; } = true;

    public string Location { get; init; } = "cpu";

    /// <summary>When set, the state dict is wrapped as {WrapKey: state_dict, 'epoch': 5, 'arch': 'alexnet'}.</summary>
    public string? WrapKey { get; init; }

    public bool LittleEndian { get; init; } = true;

    public long LongSize { get; init; } = 8;

    /// <summary>Zip only: top folder name.</summary>
    public string Archive { get; init; } = "archive";

    /// <summary>Zip only: write the byteorder record.</summary>
    public bool ByteOrderRecord { get; init; } = true;

    /// <summary>Zip only: extra entries (name → content) added to the archive verbatim.</summary>
    public IReadOnlyList<(string Name, byte[] Content)> ExtraEntries { get; init; } = [];
}
