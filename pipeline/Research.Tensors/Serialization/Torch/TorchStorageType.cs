namespace Research.Tensors.Serialization.Torch;

/// <summary>A torch storage class (e.g. torch.FloatStorage) and the element type it holds.</summary>
internal sealed class TorchStorageType(string name, SafetensorsDType dtype, int elementSize)
{
    private static readonly TorchStorageType[] All =
    [
        new("FloatStorage", SafetensorsDType.F32, 4),
        new("DoubleStorage", SafetensorsDType.F64, 8),
        new("HalfStorage", SafetensorsDType.F16, 2),
        new("BFloat16Storage", SafetensorsDType.BF16, 2),
        new("LongStorage", SafetensorsDType.I64, 8),
        new("IntStorage", SafetensorsDType.I32, 4),
        new("ShortStorage", SafetensorsDType.I16, 2),
        new("CharStorage", SafetensorsDType.I8, 1),
        new("ByteStorage", SafetensorsDType.U8, 1),
        new("BoolStorage", SafetensorsDType.Bool, 1),
        new("UntypedStorage", SafetensorsDType.U8, 1),
    ];

    /// <summary>Class name without module, e.g. "FloatStorage".</summary>
    public string Name { get; } = name;

    public SafetensorsDType DType { get; } = dtype;

    public int ElementSize { get; } = elementSize;

    public static TorchStorageType? Find(string name) => Array.Find(All, t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
