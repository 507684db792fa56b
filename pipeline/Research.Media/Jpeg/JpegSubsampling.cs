namespace Research.Media.Jpeg;

/// <summary>How the JPEG encoder samples the two chroma components of a colour image.</summary>
public enum JpegSubsampling
{
    /// <summary>Half width and half height (2x2 luma blocks per chroma block); what ffmpeg and OpenCV write by default.</summary>
    Yuv420,

    /// <summary>Half width, full height.</summary>
    Yuv422,

    /// <summary>Full resolution chroma: larger files, no colour bleeding at sharp edges.</summary>
    Yuv444,
}
