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
                var m = TP.Sum<T>(row) / n;
                var v = T.Zero;
                foreach (var e in row)
                {
                    var d = e - m;
                    v += d * d;
                }

                var s = T.One / T.Sqrt((v / n) + eps);
                mean[r] = m;
                rstd[r] = s;
                var outRow = y.AsSpan(r * cols, cols);
                for (var c = 0; c < cols; c++)
                {
                    var h = (row[c] - m) * s;
                    if (weight is not null)
                    {
                        h *= weight[c];
                    }

                    if (bias is not null)
                    {
                        h += bias[c];
                    }

                    outRow[c] = h;
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
            for (var r = start; r < end; r++)
            {
                var xr = x.AsSpan(xOffset + (r * cols), cols);
                var gr = g.AsSpan(r * cols, cols);
                var m = mean[r];
                var s = rstd[r];
                var sumG = T.Zero;
                var sumGx = T.Zero;
                for (var c = 0; c < cols; c++)
                {
                    var gh = weight is null ? gr[c] : gr[c] * weight[c];
                    sumG += gh;
                    sumGx += gh * (xr[c] - m) * s;
                }

                var meanG = sumG / n;
                var meanGx = sumGx / n;
                var dr = dx.AsSpan(r * cols, cols);
                for (var c = 0; c < cols; c++)
                {
                    var gh = weight is null ? gr[c] : gr[c] * weight[c];
                    dr[c] = s * (gh - meanG - ((xr[c] - m) * s * meanGx));
                }
            }
        });
    }

    /// <summary>dw = Σ_rows g ⊙ x̂ and db = Σ_rows g; either output may be null.</summary>
    public static void BackwardAffine<T>(T[] x, int xOffset, T[] g, T[] mean, T[] rstd, int rows, int cols, T[]? dw, T[]? db)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ComputeThreads.For(cols, Math.Max(16, MinChunkElements / Math.Max(1, rows)), (_, start, end) =>
        {
            var len = end - start;
            for (var r = 0; r < rows; r++)
            {
                var xr = x.AsSpan(xOffset + (r * cols) + start, len);
                var gr = g.AsSpan((r * cols) + start, len);
                var m = mean[r];
                var s = rstd[r];
                for (var c = 0; c < len; c++)
                {
                    if (dw is not null)
                    {
                        dw[start + c] += gr[c] * (xr[c] - m) * s;
                    }

                    if (db is not null)
                    {
                        db[start + c] += gr[c];
                    }
                }
            }
        });
    }

    private static int MinChunk(int cols) => Math.Max(1, MinChunkElements / Math.Max(1, cols));
}
