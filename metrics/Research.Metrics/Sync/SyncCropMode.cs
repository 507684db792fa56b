namespace Research.Metrics.Sync;

/// <summary>How video frames become SyncNet's 224×224 input (metrics.md §5.4–5.5, §12).</summary>
public enum SyncCropMode
{
    /// <summary>
    /// Every whole frame resized to 224×224 (Wav2Lip's <c>calculate_scores_LRS.py</c> /
    /// <c>SyncNetInstance_calc_scores.py</c>), meant for face-centred clips.
    /// </summary>
    Resize224,

    /// <summary>
    /// syncnet_python's <c>run_pipeline.py</c> crop (crop scale 0.4, pad value 110, median-smoothed box, resize to
    /// 224×224), with the face box taken from the dataset's 68-point landmarks instead of the S3FD detector.
    /// </summary>
    FaceCrop,
}
