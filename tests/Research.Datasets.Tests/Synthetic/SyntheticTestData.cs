using Research.Datasets.Synthetic;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Head;
using Research.Datasets.Synthetic.Rendering;
using Research.Media.Audio;

namespace Research.Datasets.Tests.Synthetic;

/// <summary>Shared meshes, renderers and hand-made performances for the synthetic-head tests.</summary>
internal static class SyntheticTestData
{
    private static readonly Dictionary<int, HeadMesh> Meshes = [];

    /// <summary>The mesh of an identity seed, built once per test run.</summary>
    public static HeadMesh Mesh(int seed)
    {
        lock (Meshes)
        {
            if (!Meshes.TryGetValue(seed, out var mesh))
            {
                mesh = HeadMesh.Build(HeadIdentity.FromSeed(seed));
                Meshes[seed] = mesh;
            }

            return mesh;
        }
    }

    public static SyntheticFrameRenderer Renderer(int seed, int size, bool supersample = true)
    {
        var mesh = Mesh(seed);
        return new SyntheticFrameRenderer(mesh, HeadPlacement.Camera(size, size), BackgroundPlate.Create(size, size, mesh.Identity.BackgroundSeed), supersample);
    }

    public static float[] Weights(params (Expression Expression, float Weight)[] values)
    {
        var weights = new float[Research.Datasets.Synthetic.Animation.Performance.ExpressionCount];
        foreach (var (expression, weight) in values)
        {
            weights[(int)expression] = weight;
        }

        return weights;
    }

    /// <summary>A silent performance whose frame i has <paramref name="weights"/>[i] and <paramref name="poses"/>[i].</summary>
    public static Performance MakePerformance(float[][] weights, HeadPose[] poses, double fps = 25)
    {
        var count = poses.Length;
        var flat = new float[count * Research.Datasets.Synthetic.Animation.Performance.ExpressionCount];
        for (var i = 0; i < count; i++)
        {
            weights[i].CopyTo(flat.AsSpan(i * Research.Datasets.Synthetic.Animation.Performance.ExpressionCount));
        }

        var samples = new float[(int)Math.Round(count / fps * 16000)];
        return new Performance(fps, new AudioClip(16000, 1, samples), [new PhonemeSegment("sil", 0, count / fps, 0)], flat, poses, new float[count]);
    }

    /// <summary>The deformed head-space position of vertex <paramref name="vertex"/>.</summary>
    public static (double X, double Y, double Z) Deformed(HeadMesh mesh, ReadOnlySpan<float> weights, int vertex)
    {
        var positions = new float[mesh.RestPositions.Length];
        mesh.Deform(weights, positions);
        return (positions[vertex * 3], positions[(vertex * 3) + 1], positions[(vertex * 3) + 2]);
    }
}
