using BenchmarkDotNet.Attributes;
using Research.Media.Imaging;
using Research.Media.Png;

namespace Research.Benchmarks.Png;

/// <summary>Decode and encode one 512x512 RGB frame with the default options (adaptive filter, fastest deflate).</summary>
[MemoryDiagnoser]
public class PngBenchmarks
{
    private const int Size = 512;

    private ByteImage frame = null!;
    private byte[] encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        frame = SmoothFrame(Size, Size);
        encoded = PngEncoder.Encode(frame);
    }

    [Benchmark]
    public ByteImage Decode() => PngDecoder.Decode(encoded);

    [Benchmark]
    public byte[] Encode() => PngEncoder.Encode(frame);

    // Smooth shading like a rendered face crop: gradients, a soft blob and gentle waves, no noise.
    private static ByteImage SmoothFrame(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x - (width * 0.5)) / width;
                var dy = (y - (height * 0.45)) / height;
                var blob = Math.Exp(-((dx * dx) + (dy * dy)) * 8.0);
                var wave = Math.Sin(x * 0.031) * Math.Cos(y * 0.023);
                var o = ((y * width) + x) * 3;
                pixels[o] = (byte)Math.Clamp((200 * blob) + (30 * wave) + (40.0 * y / height), 0, 255);
                pixels[o + 1] = (byte)Math.Clamp((150 * blob) + (20 * wave) + (60.0 * x / width), 0, 255);
                pixels[o + 2] = (byte)Math.Clamp((120 * blob) - (25 * wave) + 50, 0, 255);
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }
}
