using Research.Metrics.Sync;
using Research.Tensors.Serialization;

namespace Research.Metrics.Tests.Sync;

/// <summary>Generated SyncNet state dicts (names and shapes of the real file, random values).</summary>
internal static class SyncNetTestWeights
{
    /// <summary>
    /// Weights uniform in ±1/√fan_in (biases too), BN γ in [0.5, 1.5], β and μ in ±0.1 (μ scaled by 255 on the first
    /// lip layer's inputs is irrelevant), σ² in [0.5, 1.5]; optionally with <c>num_batches_tracked</c> entries.
    /// </summary>
    public static List<SafetensorsTensor> Create(int seed, bool withBatchesTracked = false)
    {
        var rng = new Random(seed);
        var tensors = new List<SafetensorsTensor>();
        foreach (var (name, shape) in SyncNetArchitecture.ExpectedTensors)
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            var values = new float[count];
            var isNorm = shape.Length == 1 && !SyncNetArchitecture.ExpectedTensors.Any(t => t.Name == name.Replace(".bias", ".weight", StringComparison.Ordinal) && t.Shape.Length > 1);
            var fanIn = FanIn(name);
            for (var i = 0; i < count; i++)
            {
                var u = rng.NextDouble();
                values[i] = (float)(name.EndsWith(".running_var", StringComparison.Ordinal) ? 0.5 + u
                    : isNorm && name.EndsWith(".weight", StringComparison.Ordinal) ? 0.5 + u
                    : isNorm ? (u - 0.5) * 0.2
                    : ((2 * u) - 1) / Math.Sqrt(fanIn));
            }

            tensors.Add(SafetensorsTensor.FromFloat32(name, values, shape));
            if (withBatchesTracked && name.EndsWith(".running_var", StringComparison.Ordinal))
            {
                tensors.Add(SafetensorsTensor.FromInt64(name.Replace("running_var", "num_batches_tracked", StringComparison.Ordinal), [1234], []));
            }
        }

        return tensors;
    }

    /// <summary>As <see cref="Create"/> as a dictionary of float arrays.</summary>
    public static Dictionary<string, float[]> ToDictionary(IEnumerable<SafetensorsTensor> tensors) =>
        tensors.Where(t => !t.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary(t => t.Name, t => t.ToFloat32());

    private static int FanIn(string name)
    {
        var layer = name[..name.LastIndexOf('.')];
        var weight = SyncNetArchitecture.ExpectedTensors.FirstOrDefault(t => t.Name == layer + ".weight" && t.Shape.Length > 1);
        return weight.Shape is null ? 1 : weight.Shape.Skip(1).Aggregate(1, (a, b) => a * b);
    }
}
