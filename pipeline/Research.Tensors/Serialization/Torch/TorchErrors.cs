namespace Research.Tensors.Serialization.Torch;

/// <summary>Error messages of the checkpoint reader; every one starts with the file name.</summary>
internal static class TorchErrors
{
    public static InvalidDataException Error(string source, string message) => new($"{source}: {message}");

    public static InvalidDataException Error(string source, string message, Exception inner) => new($"{source}: {message}", inner);
}
