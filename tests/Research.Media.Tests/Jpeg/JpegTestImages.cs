using System.Globalization;
using System.Text;
using NUnit.Framework;
using Research.Media.Imaging;

namespace Research.Media.Tests.Jpeg;

/// <summary>Fixture access, synthetic images and image comparisons for the JPEG tests.</summary>
internal static class JpegTestImages
{
    /// <summary>Path of a file in Jpeg/Fixtures (copied next to the test assembly).</summary>
    public static string Fixture(string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Jpeg", "Fixtures", name);

    /// <summary>Reads a binary PGM (P5) or PPM (P6) file with 8-bit samples.</summary>
    public static ByteImage ReadPnm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        var fields = new string[4];
        for (var i = 0; i < 4; i++)
        {
            while (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }

            fields[i] = Encoding.ASCII.GetString(bytes, start, position - start);
        }

        position++;
        var channels = fields[0] switch
        {
            "P5" => 1,
            "P6" => 3,
            _ => throw new InvalidDataException($"{path}: not a binary PGM/PPM file."),
        };
        var width = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], CultureInfo.InvariantCulture);
        return new ByteImage(width, height, channels, bytes.AsSpan(position, width * height * channels).ToArray());
    }

    /// <summary>Smooth shading like a rendered face crop: gradients, a soft blob and gentle waves, no noise.</summary>
    public static ByteImage Smooth(int width, int height, int channels = 3)
    {
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x - (width * 0.5)) / width;
                var dy = (y - (height * 0.45)) / height;
                var blob = Math.Exp(-((dx * dx) + (dy * dy)) * 8.0);
                var wave = Math.Sin(x * 0.11) * Math.Cos(y * 0.083);
                var o = ((y * width) + x) * channels;
                pixels[o] = (byte)Math.Clamp((200 * blob) + (30 * wave) + (40.0 * y / height), 0, 255);
                if (channels == 3)
                {
                    pixels[o + 1] = (byte)Math.Clamp((150 * blob) + (20 * wave) + (60.0 * x / width), 0, 255);
                    pixels[o + 2] = (byte)Math.Clamp((120 * blob) - (25 * wave) + 50, 0, 255);
                }
            }
        }

        return new ByteImage(width, height, channels, pixels);
    }

    /// <summary>Largest and mean absolute difference between two equally long sample arrays.</summary>
    public static (int Max, double Mean) Difference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "sample counts differ");
        var max = 0;
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        return (max, a.Length == 0 ? 0 : (double)sum / a.Length);
    }

    /// <summary>Peak signal-to-noise ratio in dB for 8-bit samples.</summary>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "sample counts differ");
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * a.Length / sum);
    }

    /// <summary>The marker segments of a JPEG file before its first scan, as (marker, body) pairs.</summary>
    public static List<(byte Marker, byte[] Body)> HeaderSegments(byte[] file)
    {
        var segments = new List<(byte, byte[])>();
        var position = 2;
        while (position + 4 <= file.Length && file[position] == 0xFF)
        {
            var marker = file[position + 1];
            var length = (file[position + 2] << 8) | file[position + 3];
            segments.Add((marker, file.AsSpan(position + 4, length - 2).ToArray()));
            if (marker == 0xDA)
            {
                break;
            }

            position += 2 + length;
        }

        return segments;
    }
}
