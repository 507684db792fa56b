using System.Numerics;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Kernels;

/// <summary>
/// Fused layer norm over contiguous rows: forward keeps the per-row mean and 1/√(var + ε) for the hand-written
/// backward. Rows are independent, so both passes run in parallel over rows; weight and bias gradients run in parallel
/// over columns, each column summed over rows in row order, so results never depend on the thread count.
/// </summary>
internal static class LayerNormKernel
{
    /// <summary>Below this many elements per chunk the threading overhead outweighs the work.</summary>
    private const int MinChunkElements = 1 << 14;

    public static void Forward<T>(T[] x, int xOffset, T[]? weight, T[]? bias, T eps, int rows, int cols, T[] y, T[] mean, T[] rstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(cols);
        ComputeThreads.For(rows, MinChunk(cols), (_, start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                var row = x.AsSpan(xOffset + (r * cols), cols);
                var outRow = y.AsSpan(r * cols, cols);
                var m = TP.Sum<T>(row) / n;

                // Centre first (two-pass variance: no cancellation for rows with a large mean).
                TP.Subtract(row, m, outRow);
                var s = T.One / T.Sqrt((TP.SumOfSquares<T>(outRow) / n) + eps);
                mean[r] = m;
                rstd[r] = s;
                TP.Multiply(outRow, s, outRow);
                if (weight is not null && bias is not null)
                {
                    TP.FusedMultiplyAdd(outRow, weight, bias, outRow);
                }
                else if (weight is not null)
                {
                    TP.Multiply(outRow, weight, outRow);
                }
                else if (bias is not null)
                {
                    TP.Add(outRow, bias, outRow);
                }
            }
        });
    }

    /// <summary>dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) with ĝ = g ⊙ w and x̂ the normalised input.</summary>
    public static void BackwardInput<T>(T[] x, int xOffset, T[] g, T[]? weight, T[] mean, T[] rstd, int rows, int cols, T[] dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = T.CreateChecked(cols);
        ComputeThreads.For(rows, MinChunk(cols), (_, start, end) =>
        {
            var xh = new T[cols];
            var gw = weight is null ? null : new T[cols];
            for (var r = start; r < end; r++)
            {
                var s = rstd[r];
                TP.Subtract(x.AsSpan(xOffset + (r * cols), cols), mean[r], xh);
                TP.Multiply(xh, s, xh);
                ReadOnlySpan<T> gh = g.AsSpan(r * cols, cols);
                if (gw is not null)
                {
                    TP.Multiply(gh, weight, gw);
                    gh = gw;
                }

                var meanG = TP.Sum(gh) / n;
                var meanGx = TP.Dot(gh, xh) / n;
                var dr = dx.AsSpan(r * cols, cols);
                TP.MultiplyAdd(xh, -meanGx, gh, dr);
                TP.Subtract(dr, meanG, dr);
                TP.Multiply(dr, s, dr);
            }
        });
    }

    /// <summary>dw = Σ_rows g ⊙ x̂ and db = Σ_rows g; either output may be null.</summary>
    public static void BackwardAffine<T>(T[] x, int xOffset, T[] g, T[] mean, T[] rstd, int rows, int cols, T[]? dw, T[]? db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ComputeThreads.For(cols, Math.Max(64, MinChunkElements / Math.Max(1, rows)), (_, start, end) =>
        {
            var len = end - start;
            var xh = new T[len];
            for (var r = 0; r < rows; r++)
            {
                var gr = g.AsSpan((r * cols) + start, len);
                if (dw is not null)
                {
                    TP.Subtract(x.AsSpan(xOffset + (r * cols) + start, len), mean[r], xh);
                    TP.Multiply(xh, rstd[r], xh);
                    var dws = dw.AsSpan(start, len);
                    TP.FusedMultiplyAdd(gr, xh, dws, dws);
                }

                if (db is not null)
                {
                    var dbs = db.AsSpan(start, len);
                    TP.Add(dbs, gr, dbs);
                }
            }
        });
    }

    private static int MinChunk(int cols) => Math.Max(1, MinChunkElements / Math.Max(1, cols));
}
