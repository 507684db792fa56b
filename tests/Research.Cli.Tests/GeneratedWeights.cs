using Research.Metrics.Sync;
using Research.Tensors.Serialization;

namespace Research.Cli.Tests;

/// <summary>Random weight files with the published names and shapes of LPIPS-alex and SyncNet, for end-to-end runs.</summary>
internal static class GeneratedWeights
{
    /// <summary>Writes alexnet-owt-7be5be79.safetensors and v0.1/alex.safetensors into <paramref name="folder"/>.</summary>
    public static void WriteLpipsAlex(string folder, int seed)
    {
        Directory.CreateDirectory(Path.Combine(folder, "v0.1"));
        SafetensorsFile.Write(Path.Combine(folder, "alexnet-owt-7be5be79.safetensors"), AlexTrunk(new Random(seed)));
        SafetensorsFile.Write(Path.Combine(folder, "v0.1", "alex.safetensors"), AlexLin(new Random(seed + 1)));
    }

    public static List<SafetensorsTensor> AlexTrunk(Random rng)
    {
        (int Index, int In, int Out, int K)[] convs = [(0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3)];
        var tensors = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in convs)
        {
            var scale = Math.Sqrt(6.0 / (inCh * k * k));
            tensors.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", Uniform(rng, outCh * inCh * k * k, -scale, scale), [outCh, inCh, k, k]));
            tensors.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", Uniform(rng, outCh, 0, 0.05), [outCh]));
        }

        return tensors;
    }

    public static List<SafetensorsTensor> AlexLin(Random rng) =>
        [.. new[] { 64, 192, 384, 256, 256 }.Select((c, t) => SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", Uniform(rng, c, 0, 2.0 / c), [1, c, 1, 1]))];

    public static List<SafetensorsTensor> SyncNet(Random rng) =>
        [.. SyncNetArchitecture.ExpectedTensors.Select(t =>
        {
            var count = t.Shape.Aggregate(1, (a, b) => a * b);
            var fanIn = t.Shape.Length > 1 ? count / t.Shape[0] : 1;
            var values = t.Name.EndsWith("running_var", StringComparison.Ordinal) ? Uniform(rng, count, 0.5, 1.5)
                : t.Shape.Length > 1 ? Uniform(rng, count, -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn))
                : Uniform(rng, count, -0.05, 0.05);
            return SafetensorsTensor.FromFloat32(t.Name, values, t.Shape);
        })];

    private static float[] Uniform(Random rng, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(low + (rng.NextDouble() * (high - low))))];
}
