using System.Globalization;

namespace Research.Splatting.Cameras;

/// <summary>
/// An immutable 4×4 double matrix, row-major, column-vector convention (p' = M·p). The 3DGS Python code stores the
/// transpose of these matrices (row vectors); the values here are the mathematical matrices.
/// </summary>
public sealed class Matrix4d : IEquatable<Matrix4d>
{
    private readonly double[] values;

    /// <summary>Creates a matrix from 16 row-major values.</summary>
    /// <param name="rowMajor">16 values, row by row.</param>
    /// <exception cref="ArgumentException">Not 16 values.</exception>
    public Matrix4d(IReadOnlyList<double> rowMajor)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        if (rowMajor.Count != 16)
        {
            throw new ArgumentException($"Matrix4d: expected 16 row-major values, got {rowMajor.Count}.", nameof(rowMajor));
        }

        values = [.. rowMajor];
    }

    /// <summary>The identity matrix.</summary>
    public static Matrix4d Identity { get; } = new([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public double this[int row, int column] => values[(row * 4) + column];

    /// <summary>The 16 values, row-major (a copy).</summary>
    public double[] ToRowMajor() => [.. values];

    /// <summary>The 16 values, column-major (the layout of the transposed matrices 3DGS passes to CUDA).</summary>
    public double[] ToColumnMajor() => Transpose().ToRowMajor();

    /// <summary>Matrix product this·<paramref name="right"/>.</summary>
    public Matrix4d Multiply(Matrix4d right)
    {
        ArgumentNullException.ThrowIfNull(right);
        var r = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                var s = 0.0;
                for (var k = 0; k < 4; k++)
                {
                    s += this[i, k] * right[k, j];
                }

                r[(i * 4) + j] = s;
            }
        }

        return new Matrix4d(r);
    }

    /// <summary>The transpose.</summary>
    public Matrix4d Transpose()
    {
        var r = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                r[(j * 4) + i] = this[i, j];
            }
        }

        return new Matrix4d(r);
    }

    /// <summary>
    /// Inverse of a rigid transform [R t; 0 1] as [Rᵀ −Rᵀt; 0 1]. Exact for orthonormal R; camera poses (also the ones
    /// in transforms_*.json, whose rotation comes from a 3DMM fit) are rigid, and 3DGS's np.linalg.inv agrees to rounding.
    /// </summary>
    /// <exception cref="ArgumentException">The last row is not (0, 0, 0, 1).</exception>
    public Matrix4d RigidInverse()
    {
        if (this[3, 0] != 0 || this[3, 1] != 0 || this[3, 2] != 0 || this[3, 3] != 1)
        {
            throw new ArgumentException($"Matrix4d.RigidInverse: last row is ({this[3, 0]}, {this[3, 1]}, {this[3, 2]}, {this[3, 3]}), not (0, 0, 0, 1).");
        }

        var r = new double[16];
        for (var i = 0; i < 3; i++)
        {
            var t = 0.0;
            for (var k = 0; k < 3; k++)
            {
                r[(i * 4) + k] = this[k, i];
                t -= this[k, i] * this[k, 3];
            }

            r[(i * 4) + 3] = t;
        }

        r[15] = 1;
        return new Matrix4d(r);
    }

    /// <summary>M·(x, y, z, 1) as homogeneous (x, y, z, w).</summary>
    public (double X, double Y, double Z, double W) Transform(double x, double y, double z) =>
        ((this[0, 0] * x) + (this[0, 1] * y) + (this[0, 2] * z) + this[0, 3],
         (this[1, 0] * x) + (this[1, 1] * y) + (this[1, 2] * z) + this[1, 3],
         (this[2, 0] * x) + (this[2, 1] * y) + (this[2, 2] * z) + this[2, 3],
         (this[3, 0] * x) + (this[3, 1] * y) + (this[3, 2] * z) + this[3, 3]);

    /// <summary>Largest absolute element difference from <paramref name="other"/>.</summary>
    public double MaxAbsDifference(Matrix4d other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var m = 0.0;
        for (var i = 0; i < 16; i++)
        {
            m = Math.Max(m, Math.Abs(values[i] - other.values[i]));
        }

        return m;
    }

    /// <inheritdoc/>
    public bool Equals(Matrix4d? other) => other is not null && values.AsSpan().SequenceEqual(other.values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Matrix4d);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = default(HashCode);
        foreach (var v in values)
        {
            h.Add(v);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "[" + string.Join("; ", Enumerable.Range(0, 4).Select(i => string.Join(", ", Enumerable.Range(0, 4).Select(j => this[i, j].ToString("R", CultureInfo.InvariantCulture))))) + "]";
}
