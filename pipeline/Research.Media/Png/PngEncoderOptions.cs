using System.IO.Compression;

namespace Research.Media.Png;

/// <summary>Settings for <see cref="PngEncoder"/>. The defaults favour throughput: adaptive filtering, fastest deflate.</summary>
public sealed record PngEncoderOptions
{
    /// <summary>The default options (adaptive filtering, <see cref="CompressionLevel.Fastest"/>).</summary>
    public static PngEncoderOptions Default { get; } = new();

    /// <summary>Scanline filter choice; <see cref="PngFilterStrategy.Adaptive"/> unless set.</summary>
    public PngFilterStrategy Filter { get; init; } = PngFilterStrategy.Adaptive;

    /// <summary>
    /// Deflate effort; <see cref="CompressionLevel.Fastest"/> unless set. Frames are written by the thousand, so speed
    /// beats the few percent of size that <see cref="CompressionLevel.SmallestSize"/> saves.
    /// </summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;
}
