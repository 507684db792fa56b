namespace Research.Tensors.Serialization.Torch;

/// <summary>Reverses the bytes of every element in place (big-endian storages to little-endian).</summary>
internal static class TorchByteOrder
{
    public static void Swap(byte[] data, int elementSize)
    {
        if (elementSize == 1)
        {
            return;
        }

        for (var i = 0; i + elementSize <= data.Length; i += elementSize)
        {
            data.AsSpan(i, elementSize).Reverse();
        }
    }
}
