using BenchmarkDotNet.Attributes;
using Research.Datasets.Synthetic;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Head;
using Research.Datasets.Synthetic.Rendering;

namespace Research.Benchmarks.Synthetic;

/// <summary>
/// Synthetic talking-head frames: one frame rendered on one thread, a batch rendered on two threads, and a whole
/// 1-second clip (25 frames) rendered and written with every per-frame file on two threads.
/// </summary>
[MemoryDiagnoser]
public class SyntheticHeadBenchmarks
{
    private const int Batch = 16;

    private HeadMesh mesh = null!;
    private Performance performance = null!;
    private SyntheticFrameRenderer[] renderers = null!;
    private RenderedFrame[] frames = null!;
    private string directory = null!;

    [Params(128, 512)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var identity = HeadIdentity.FromSeed(3);
        mesh = HeadMesh.Build(identity);
        performance = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 1, MotionSeed = 1, IdentitySeed = 3 });
        var camera = HeadPlacement.Camera(Size, Size);
        var plate = BackgroundPlate.Create(Size, Size, identity.BackgroundSeed);
        renderers = [new SyntheticFrameRenderer(mesh, camera, plate), new SyntheticFrameRenderer(mesh, camera, plate)];
        frames = [new RenderedFrame(Size, Size), new RenderedFrame(Size, Size)];
        directory = Path.Combine(Path.GetTempPath(), "research-bench-synthetic-" + Guid.NewGuid().ToString("N"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One frame with its torso layer, one thread.</summary>
    [Benchmark]
    public void RenderFrame() => renderers[0].Render(performance.Weights(7), performance.Poses[7], frames[0]);

    /// <summary>16 frames on two threads (one renderer each).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void RenderTwoThreads() => Parallel.For(0, 2, w =>
    {
        for (var i = w; i < Batch; i += 2)
        {
            renderers[w].Render(performance.Weights(i), performance.Poses[i], frames[w]);
        }
    });

    /// <summary>A 25-frame clip with every file (PNGs, masks, landmarks, au.csv, transforms, ground truth), two threads.</summary>
    [Benchmark(OperationsPerInvoke = 25)]
    public Task WriteClipTwoThreads() =>
        SyntheticDatasetWriter.WriteAsync(directory, performance, mesh.Identity, new SyntheticHeadOptions { Resolution = Size, Threads = 2 });
}
