using Research.Tensors.Kernels;

namespace Research.Tensors;

/// <content>Matrix products: 2-D, batched 3-D, and 3-D × 2-D with the matrix shared across the batch.</content>
public sealed partial class Tensor<T>
{
    /// <summary>
    /// Matrix product: [m, k] × [k, n] → [m, n]; [b, m, k] × [b, k, n] → [b, m, n]; and either operand may be 2-D
    /// while the other is 3-D (the matrix is shared by every batch entry). Transposed views are used without copying.
    /// </summary>
    public Tensor<T> Matmul(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank is < 2 or > 3 || other.Rank is < 2 or > 3 || shape[^1] != other.shape[^2]
            || (Rank == 3 && other.Rank == 3 && shape[0] != other.shape[0]))
        {
            throw new ArgumentException($"Matmul: shapes {FormatShape(shape)} and {FormatShape(other.shape)} are not compatible.", nameof(other));
        }

        var batch = Rank == 3 ? shape[0] : other.Rank == 3 ? other.shape[0] : 1;
        var m = shape[^2];
        var k = shape[^1];
        var n = other.shape[^1];
        int[] outShape = Rank == 3 || other.Rank == 3 ? [batch, m, n] : [m, n];
        var result = Uninitialized(outShape); // Gemm with beta = 0 (and the double loop) overwrite every element
        var a = MatrixOperand(this);
        var b = MatrixOperand(other);
        for (var i = 0; i < batch; i++)
        {
            MultiplyInto(
                a.Transposed,
                b.Transposed,
                m,
                n,
                k,
                a.Tensor.Storage.AsSpan(a.Tensor.Offset + (a.BatchStride * i)),
                a.Ld,
                b.Tensor.Storage.AsSpan(b.Tensor.Offset + (b.BatchStride * i)),
                b.Ld,
                result.Storage.AsSpan(i * m * n),
                n);
        }

        var left = this;
        return Record(result, "Matmul", [this, other], g =>
        [
            left.requiresGrad ? g.Matmul(other.Transpose(-1, -2)).SumTo(left.shape) : null,
            other.requiresGrad ? left.Transpose(-1, -2).Matmul(g).SumTo(other.shape) : null,
        ]);
    }

    /// <summary>
    /// The (possibly strided) matrix layout of a 2-D or 3-D operand for GEMM: row-major or transposed with a leading
    /// stride; anything else is copied to contiguous first.
    /// </summary>
    private static (Tensor<T> Tensor, bool Transposed, int Ld, int BatchStride) MatrixOperand(Tensor<T> t)
    {
        var rows = t.shape[^2];
        var cols = t.shape[^1];
        var rs = t.strides[^2];
        var cs = t.strides[^1];
        var batchStride = t.Rank == 3 ? t.strides[0] : 0;
        if (cs == 1 && rs >= Math.Max(1, cols))
        {
            return (t, false, rs, batchStride);
        }

        if (rs == 1 && cs >= Math.Max(1, rows))
        {
            return (t, true, cs, batchStride);
        }

        var c = t.Clone();
        return (c, false, Math.Max(1, cols), t.Rank == 3 ? rows * cols : 0);
    }

    private static void MultiplyInto(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc) =>
        GenericGemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, accumulate: false, c, ldc);
}
