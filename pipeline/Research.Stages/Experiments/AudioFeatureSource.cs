namespace Research.Stages.Experiments;

/// <summary>Where per-frame audio features come from.</summary>
public enum AudioFeatureSource
{
    /// <summary>The dataset's precomputed features when present (aud_ds, aud_hu, aud_eo, aud.npy, in that order), else log-mel.</summary>
    Auto,

    /// <summary>The built-in log-mel front end.</summary>
    LogMel,

    /// <summary>DeepSpeech logits <c>aud_ds.npy</c> (or a bare <c>aud.npy</c>), [N, 16, 29].</summary>
    Deepspeech,

    /// <summary>HuBERT features <c>aud_hu.npy</c>, [N, 2, 1024].</summary>
    Hubert,

    /// <summary>Esperanto wav2vec logits <c>aud_eo.npy</c>, [N, 16, 44].</summary>
    Wav2vec,
}
