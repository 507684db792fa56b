using BenchmarkDotNet.Attributes;
using Research.Media.Imaging;
using Research.Media.Jpeg;

namespace Research.Benchmarks.Jpeg;

/// <summary>Decode and encode one 512x512 RGB frame as 4:2:0 JPEG at quality 95 (what dataset frames look like).</summary>
[MemoryDiagnoser]
public class JpegBenchmarks
{
    private const int Size = 512;

    private ByteImage frame = null!;
    private byte[] encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        frame = TexturedFrame(Size, Size);
        encoded = JpegEncoder.Encode(frame, 95);
    }

    [Benchmark]
    public ByteImage Decode() => JpegDecoder.Decode(encoded);

    [Benchmark]
    public byte[] Encode() => JpegEncoder.Encode(frame, 95);

    // Smooth shading like a rendered face crop plus fine deterministic texture (skin, hair), so the entropy-coded
    // data has a realistic size instead of the near-empty blocks of a pure gradient.
    private static ByteImage TexturedFrame(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        var state = 12345u;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                state = (state * 1664525u) + 1013904223u;
                var grain = ((int)(state >> 24) - 128) / 16.0;
                var dx = (x - (width * 0.5)) / width;
                var dy = (y - (height * 0.45)) / height;
                var blob = Math.Exp(-((dx * dx) + (dy * dy)) * 8.0);
                var wave = Math.Sin(x * 0.031) * Math.Cos(y * 0.023);
                var stripes = 12 * Math.Sin((x + (2 * y)) * 0.35);
                var o = ((y * width) + x) * 3;
                pixels[o] = (byte)Math.Clamp((200 * blob) + (30 * wave) + (40.0 * y / height) + grain + stripes, 0, 255);
                pixels[o + 1] = (byte)Math.Clamp((150 * blob) + (20 * wave) + (60.0 * x / width) + grain + stripes, 0, 255);
                pixels[o + 2] = (byte)Math.Clamp((120 * blob) - (25 * wave) + 50 + grain, 0, 255);
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }
}
