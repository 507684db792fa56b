namespace Research.Tensors.Serialization.Torch;

/// <summary>The two on-disk layouts of torch.save.</summary>
public enum TorchCheckpointFormat
{
    /// <summary>Concatenated pickles followed by raw storages (torch &lt; 1.6, or _use_new_zipfile_serialization=False).</summary>
    Legacy,

    /// <summary>A zip archive with data.pkl and data/&lt;key&gt; records (torch ≥ 1.6).</summary>
    Zip,
}
