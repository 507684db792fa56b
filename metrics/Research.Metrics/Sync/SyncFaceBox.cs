namespace Research.Metrics.Sync;

/// <summary>
/// A face box in run_pipeline's <c>crop_video</c> form, in pixels: the centre and half the larger side
/// (s = max(w, h)/2).
/// </summary>
/// <param name="CenterX">Box centre, x (columns).</param>
/// <param name="CenterY">Box centre, y (rows).</param>
/// <param name="HalfSize">Half the larger side of the box.</param>
public readonly record struct SyncFaceBox(double CenterX, double CenterY, double HalfSize);
