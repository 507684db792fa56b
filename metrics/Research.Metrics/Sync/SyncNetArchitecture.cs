namespace Research.Metrics.Sync;

/// <summary>
/// The tensors of syncnet_python's <c>S(num_layers_in_fc_layers=1024)</c> state dict (metrics.md §5.1, §9): names
/// exactly as PyTorch writes them (no module prefix) and their shapes.
/// </summary>
public static class SyncNetArchitecture
{
    /// <summary>Embedding width of both streams.</summary>
    public const int EmbeddingSize = 1024;

    /// <summary>Batch-norm epsilon (PyTorch default).</summary>
    public const double BatchNormEps = 1e-5;

    /// <summary>Video frames per window.</summary>
    public const int FramesPerWindow = 5;

    /// <summary>MFCC frames per window.</summary>
    public const int MfccFramesPerWindow = 20;

    /// <summary>Side of the square video crop.</summary>
    public const int CropSize = 224;

    private static readonly (string Name, int[] Shape)[] Convolutions =
    [
        ("netcnnaud.0", [64, 1, 3, 3]),
        ("netcnnaud.4", [192, 64, 3, 3]),
        ("netcnnaud.8", [384, 192, 3, 3]),
        ("netcnnaud.11", [256, 384, 3, 3]),
        ("netcnnaud.14", [256, 256, 3, 3]),
        ("netcnnaud.18", [512, 256, 5, 4]),
        ("netfcaud.0", [512, 512]),
        ("netfcaud.3", [1024, 512]),
        ("netcnnlip.0", [96, 3, 5, 7, 7]),
        ("netcnnlip.4", [256, 96, 1, 5, 5]),
        ("netcnnlip.8", [256, 256, 1, 3, 3]),
        ("netcnnlip.11", [256, 256, 1, 3, 3]),
        ("netcnnlip.14", [256, 256, 1, 3, 3]),
        ("netcnnlip.18", [512, 256, 1, 6, 6]),
        ("netfclip.0", [512, 512]),
        ("netfclip.3", [1024, 512]),
    ];

    private static readonly (string Name, int Features)[] Norms =
    [
        ("netcnnaud.1", 64), ("netcnnaud.5", 192), ("netcnnaud.9", 384), ("netcnnaud.12", 256), ("netcnnaud.15", 256), ("netcnnaud.19", 512),
        ("netfcaud.1", 512),
        ("netcnnlip.1", 96), ("netcnnlip.5", 256), ("netcnnlip.9", 256), ("netcnnlip.12", 256), ("netcnnlip.15", 256), ("netcnnlip.19", 512),
        ("netfclip.1", 512),
    ];

    /// <summary>
    /// Every tensor the model needs, in state-dict order of layers: each convolution / linear layer's
    /// <c>weight</c> and <c>bias</c>, and each batch norm's <c>weight</c>, <c>bias</c>, <c>running_mean</c> and
    /// <c>running_var</c>. <c>num_batches_tracked</c> is not needed and is ignored when present.
    /// </summary>
    public static IReadOnlyList<(string Name, int[] Shape)> ExpectedTensors { get; } = BuildExpected();

    /// <summary>Whether <paramref name="name"/> is one of the batch-norm running statistics (a buffer, not a parameter).</summary>
    /// <param name="name">A state-dict name.</param>
    public static bool IsBuffer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(".running_mean", StringComparison.Ordinal) || name.EndsWith(".running_var", StringComparison.Ordinal);
    }

    private static (string Name, int[] Shape)[] BuildExpected()
    {
        var all = new List<(string Name, int[] Shape)>();
        foreach (var (name, shape) in Convolutions)
        {
            all.Add(($"{name}.weight", shape));
            all.Add(($"{name}.bias", [shape[0]]));
        }

        foreach (var (name, n) in Norms)
        {
            foreach (var part in new[] { "weight", "bias", "running_mean", "running_var" })
            {
                all.Add(($"{name}.{part}", [n]));
            }
        }

        return [.. all.OrderBy(t => t.Name.Split('.')[0], StringComparer.Ordinal).ThenBy(t => int.Parse(t.Name.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture)).ThenBy(t => t.Name, StringComparer.Ordinal)];
    }
}
