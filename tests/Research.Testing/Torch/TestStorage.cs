namespace Research.Testing.Torch;

/// <summary>A storage for the test files: torch class name (e.g. "FloatStorage"), element size and little-endian bytes.</summary>
public sealed record TestStorage(string Key, string TypeName, int ElementSize, byte[] Data)
{
    public long Numel => Data.Length / ElementSize;
}
