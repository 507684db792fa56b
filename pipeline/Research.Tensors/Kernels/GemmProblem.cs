namespace Research.Tensors.Kernels;

/// <summary>One validated, pinned GEMM call: C = alpha · op(A) · op(B) + beta · C on raw row-major pointers.</summary>
internal readonly unsafe struct GemmProblem
{
    public bool TransposeA { get; init; }

    public bool TransposeB { get; init; }

    public int M { get; init; }

    public int N { get; init; }

    public int K { get; init; }

    public float Alpha { get; init; }

    public float Beta { get; init; }

    public float* A { get; init; }

    public int Lda { get; init; }

    public float* B { get; init; }

    public int Ldb { get; init; }

    public float* C { get; init; }

    public int Ldc { get; init; }

    /// <summary>When set (untransposed A only), column p of A's row i is at A + i · Lda + ColumnsA.Offset(p).</summary>
    public GemmRuns? ColumnsA { get; init; }

    /// <summary>When set (untransposed B only), row p of B starts at B + RowsB.Offset(p) (Ldb is unused).</summary>
    public GemmRuns? RowsB { get; init; }

    /// <summary>When not null, op(A) already packed by <see cref="GemmBlocked.PackASlice"/> for every Kc slice (A is unused).</summary>
    public float* PackedA { get; init; }
}
