using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Testing;

namespace Research.Datasets.Tests.ErNerf;

/// <summary>Skips tests that decode JPEG frames while the importer's JPEG seam still says "pending".</summary>
internal static class JpegSupport
{
    private static readonly Lazy<bool> Pending = new(() =>
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("probe.jpg");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xD9]);
        try
        {
            ErNerfImages.Read(path);
            return false;
        }
        catch (MediaFormatException e)
        {
            return e.Message.Contains(ErNerfImages.JpegPendingMessage, StringComparison.Ordinal);
        }
    });

    /// <summary>Assert.Ignore while the JPEG decoder is not merged; a no-op afterwards.</summary>
    public static void RequireDecoder()
    {
        if (Pending.Value)
        {
            Assert.Ignore("JPEG decoder not merged yet");
        }
    }
}
