using Research.Testing;

namespace Research.Media.Tests.Png;

/// <summary>
/// Batches ffmpeg work: one invocation renders every PNG a fixture needs and one decodes every file to raw pixels,
/// since process start-up, not pixel work, is what costs time.
/// </summary>
internal static class FfmpegFrames
{
    /// <summary>Renders one frame of each lavfi graph to a PNG with the given pixel format and encoder arguments.</summary>
    public static void RenderPngs(IEnumerable<(string Path, string Graph, string PixFmt, string[] EncoderArgs)> outputs)
    {
        var inputs = new List<string>();
        var outputArgs = new List<string>();
        foreach (var (path, graph, pixFmt, encoderArgs) in outputs)
        {
            var index = inputs.IndexOf(graph);
            if (index < 0)
            {
                index = inputs.Count;
                inputs.Add(graph);
            }

            outputArgs.AddRange(["-map", $"{index}:v", "-frames:v", "1", "-pix_fmt", pixFmt, .. encoderArgs, path]);
        }

        ExternalTools.Run("ffmpeg", ["-v", "error", "-y", .. inputs.SelectMany(g => new[] { "-f", "lavfi", "-i", g }), .. outputArgs]);
    }

    /// <summary>Decodes image files with ffmpeg into packed raw pixels of the given formats.</summary>
    public static void DecodeToRaw(IEnumerable<(string ImagePath, string PixFmt, string RawPath)> conversions)
    {
        var inputs = new List<string>();
        var outputArgs = new List<string>();
        foreach (var (image, pixFmt, raw) in conversions)
        {
            var index = inputs.IndexOf(image);
            if (index < 0)
            {
                index = inputs.Count;
                inputs.Add(image);
            }

            outputArgs.AddRange(["-map", $"{index}:v", "-f", "rawvideo", "-pix_fmt", pixFmt, raw]);
        }

        ExternalTools.Run("ffmpeg", ["-v", "error", "-y", .. inputs.SelectMany(i => new[] { "-i", i }), .. outputArgs]);
    }

    /// <summary>Big-endian 16-bit samples reduced to 8 bits with rounding, the decoder's documented rule.</summary>
    public static byte[] Reduce16(byte[] bigEndian)
    {
        var result = new byte[bigEndian.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var v = (bigEndian[2 * i] << 8) | bigEndian[(2 * i) + 1];
            result[i] = (byte)Math.Round(v * 255.0 / 65535.0);
        }

        return result;
    }
}
