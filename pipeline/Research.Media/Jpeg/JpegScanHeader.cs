namespace Research.Media.Jpeg;

/// <summary>The band and bit position a scan codes (SOS fields Ss, Se, Ah, Al).</summary>
internal readonly record struct JpegScanHeader(int SpectralStart, int SpectralEnd, int ApproximationHigh, int ApproximationLow);
