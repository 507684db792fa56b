namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// The allow-list of globals a checkpoint pickle may name. Names are compared as strings; nothing is ever looked up
/// by reflection or imported, so a name outside this list can only produce an error.
/// </summary>
internal static class PickleGlobals
{
    /// <summary>The allowed global, or null when <paramref name="module"/>.<paramref name="name"/> is not allowed.</summary>
    public static PickleGlobal? Find(string module, string name)
    {
        switch (module)
        {
            case "collections" when name == "OrderedDict":
                return new(module, name, PickleGlobalKind.OrderedDict, null);
            case "torch._utils" when name == "_rebuild_tensor_v2":
                return new(module, name, PickleGlobalKind.RebuildTensorV2, null);
            case "torch._utils" when name == "_rebuild_tensor":
                return new(module, name, PickleGlobalKind.RebuildTensor, null);
            case "torch._utils" when name == "_rebuild_parameter":
                return new(module, name, PickleGlobalKind.RebuildParameter, null);
            case "torch" when name == "Size":
                return new(module, name, PickleGlobalKind.Size, null);
            case "torch":
            case "torch.cuda" when name != "UntypedStorage":
                // Storage classes are only type tags (pre-0.4 files name torch.cuda.<T>Storage).
                var type = TorchStorageType.Find(name);
                return type is null ? null : new(module, name, PickleGlobalKind.Storage, type);
            default:
                return null;
        }
    }
}
