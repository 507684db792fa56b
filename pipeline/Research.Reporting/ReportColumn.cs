namespace Research.Reporting;

/// <summary>A metric column of the comparison tables: header, source metric, how to read a row, and which way is better.</summary>
/// <param name="Header">Column header, with the arrow for the better direction.</param>
/// <param name="MetricId">Optional metric id (<c>lpips</c>, <c>sync</c>, <c>aue</c>, <c>lmd</c>); null for PSNR and SSIM, which are always shown.</param>
/// <param name="Value">Mean and interval of a row, or null when the row has no value.</param>
/// <param name="HigherIsBetter">Whether the best value is the largest.</param>
/// <param name="ExtraDecimals">Decimals beyond the report's setting.</param>
public sealed record ReportColumn(string Header, string? MetricId, Func<ResultRow, (double Mean, double Low, double High)?> Value, bool HigherIsBetter, int ExtraDecimals)
{
    /// <summary>Every column in table order.</summary>
    public static IReadOnlyList<ReportColumn> All { get; } =
    [
        new("PSNR ↑ (dB)", null, r => (r.Psnr.Mean, r.Psnr.Ci.Lower, r.Psnr.Ci.Upper), true, 0),
        new("SSIM ↑", null, r => (r.Ssim.Mean, r.Ssim.Ci.Lower, r.Ssim.Ci.Upper), true, 1),
        new("LPIPS ↓", "lpips", r => r.Lpips is { } a ? (a.Mean, a.Ci.Lower, a.Ci.Upper) : null, false, 1),
        new("Sync-C ↑", "sync", r => r.Sync is { } s ? (s.SyncC, s.SyncCCi.Lower, s.SyncCCi.Upper) : null, true, 0),
        new("Sync-D ↓", "sync", r => r.Sync is { } s ? (s.SyncD, s.SyncDCi.Lower, s.SyncDCi.Upper) : null, false, 0),
        new("AUE-U ↓", "aue", r => r.AueUpper is { } a ? (a.Mean, a.Ci.Lower, a.Ci.Upper) : null, false, 0),
        new("AUE-L ↓", "aue", r => r.AueLower is { } a ? (a.Mean, a.Ci.Lower, a.Ci.Upper) : null, false, 0),
        new("LMD ↓ (px)", "lmd", r => r.Lmd is { } a ? (a.Mean, a.Ci.Lower, a.Ci.Upper) : null, false, 0),
    ];
}
