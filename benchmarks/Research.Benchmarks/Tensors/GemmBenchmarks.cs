using BenchmarkDotNet.Attributes;
using Research.Tensors.Kernels;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Tensors;

/// <summary>
/// SGEMM at 512³ and at the thin shapes of a 74→64 layer over 50,000 rows (forward A·B, backprop Aᵀ·B and A·Bᵀ), on
/// <see cref="ComputeThreads.Count"/> threads (all cores); OpenBLAS alongside when <c>libopenblas.so.0</c> is installed.
/// GFLOP/s = 2·M·N·K / mean time.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private const int Rows = 50_000;
    private const int Inputs = 74;
    private const int Outputs = 64;
    private const int Square = 512;

    private float[] squareA = null!;
    private float[] squareB = null!;
    private float[] squareC = null!;
    private float[] input = null!;
    private float[] weights = null!;
    private float[] output = null!;
    private float[] weightGradient = null!;
    private float[] inputGradient = null!;

    /// <summary>Which implementation runs.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "Research";

    /// <summary>Ours always; OpenBLAS only when it can be loaded.</summary>
    public static IEnumerable<string> Backends() => OpenBlas.IsAvailable ? ["Research", "OpenBLAS"] : ["Research"];

    [GlobalSetup]
    public void Setup()
    {
        squareA = Random(Square * Square, 1);
        squareB = Random(Square * Square, 2);
        squareC = new float[Square * Square];
        input = Random(Rows * Inputs, 3);
        weights = Random(Inputs * Outputs, 4);
        output = Random(Rows * Outputs, 5);
        weightGradient = new float[Inputs * Outputs];
        inputGradient = new float[Rows * Inputs];
    }

    /// <summary>512×512 · 512×512 (268 MFLOP).</summary>
    [Benchmark]
    public void Square512() => Multiply(false, false, Square, Square, Square, squareA, Square, squareB, Square, squareC, Square);

    /// <summary>Forward: X (50000×74) · W (74×64) → 50000×64 (474 MFLOP).</summary>
    [Benchmark]
    public void ThinForward() => Multiply(false, false, Rows, Outputs, Inputs, input, Inputs, weights, Outputs, output, Outputs);

    /// <summary>Weight gradient: Xᵀ (74×50000) · dY (50000×64) → 74×64, a big-K reduction (474 MFLOP).</summary>
    [Benchmark]
    public void ThinWeightGradient() =>
        Multiply(true, false, Inputs, Outputs, Rows, input, Inputs, output, Outputs, weightGradient, Outputs);

    /// <summary>Input gradient: dY (50000×64) · Wᵀ (64×74) → 50000×74 (474 MFLOP).</summary>
    [Benchmark]
    public void ThinInputGradient() =>
        Multiply(false, true, Rows, Inputs, Outputs, output, Outputs, weights, Outputs, inputGradient, Inputs);

    private void Multiply(bool ta, bool tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc)
    {
        if (Backend == "OpenBLAS")
        {
            OpenBlas.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
        }
        else
        {
            Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
        }
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
