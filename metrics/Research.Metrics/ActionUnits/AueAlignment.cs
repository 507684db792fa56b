namespace Research.Metrics.ActionUnits;

/// <summary>How rows of the predicted and the ground-truth OpenFace CSV are paired.</summary>
public enum AueAlignment
{
    /// <summary>
    /// The reference rule (metrics.md §6, <c>auerror.py</c>): rows are paired by row number; when the files differ in
    /// length only the first min(n_pred, n_gt) rows count, as pandas' index alignment plus NaN-skipping <c>mean()</c> gives.
    /// Rows are not filtered on <c>success</c> or <c>confidence</c>.
    /// </summary>
    RowIndex,

    /// <summary>As <see cref="RowIndex"/>, but files with different row counts are an error naming both files and counts.</summary>
    RowIndexEqualCount,

    /// <summary>
    /// Rows are paired by the value of the <c>frame</c> column (1-based in OpenFace); frames present in only one file are
    /// skipped. Both files need a <c>frame</c> column without repeated values (one face per frame).
    /// </summary>
    FrameNumber,
}
