using BenchmarkDotNet.Attributes;
using Research.Media.Imaging;
using Research.Metrics.Sync;
using Research.Tensors.Serialization;

namespace Research.Benchmarks.Metrics;

/// <summary>
/// Sync-C / Sync-D over a 10 s clip: 250 frames at 25 fps (512×512 RGB, resized to 224²) and 160,000 samples at 16 kHz
/// → 245 windows, generated weights with the real shapes (target ≤ 5 s on 2 threads).
/// </summary>
[MemoryDiagnoser]
public class SyncNetBenchmarks
{
    private const int Frames = 250;

    private SyncNetEvaluator evaluator = null!;
    private ByteImage[] frames = null!;
    private ByteImage[] crops = null!;
    private short[] samples = null!;
    private double[,] mfcc = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var tensors = new List<SafetensorsTensor>();
        foreach (var (name, shape) in SyncNetArchitecture.ExpectedTensors)
        {
            var values = new float[shape.Aggregate(1, (a, b) => a * b)];
            var variance = name.EndsWith(".running_var", StringComparison.Ordinal) || (shape.Length == 1 && name.EndsWith(".weight", StringComparison.Ordinal));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = variance ? 0.5f + rng.NextSingle() : (rng.NextSingle() - 0.5f) * 0.05f;
            }

            tensors.Add(SafetensorsTensor.FromFloat32(name, values, shape));
        }

        evaluator = new SyncNetEvaluator(SyncNetModel.FromTensors(tensors, "generated"));
        frames = new ByteImage[Frames];
        for (var f = 0; f < Frames; f++)
        {
            frames[f] = new ByteImage(512, 512, 3);
            rng.NextBytes(frames[f].Pixels);
        }

        crops = [.. frames.Select(SyncCrop.Resize224)];
        samples = new short[Frames * SyncNetEvaluator.SamplesPerFrame];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(i * 0.05) + rng.Next(-2000, 2000));
        }

        mfcc = Mfcc.Compute(samples, SyncAudio.SampleRate);
    }

    /// <summary>The whole evaluation: resize 250 frames, MFCC, 245 windows through both streams, offset search.</summary>
    [Benchmark]
    public double Evaluate10s() => evaluator.Evaluate(frames, samples, SyncAudio.SampleRate, SyncCropMode.Resize224).SyncD;

    /// <summary>Only the two networks on pre-cropped frames and precomputed MFCCs.</summary>
    [Benchmark]
    public int Embed10s() => evaluator.Embed(crops, mfcc, 245).Video.Length;

    /// <summary>MFCC of 10 s of audio.</summary>
    [Benchmark]
    public double Mfcc10s() => Mfcc.Compute(samples, SyncAudio.SampleRate)[0, 0];
}
