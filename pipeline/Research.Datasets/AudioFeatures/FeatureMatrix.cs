namespace Research.Datasets.AudioFeatures;

/// <summary>A row-major float matrix: one row per feature step, one column per band.</summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps existing data (not copied); <paramref name="data"/> must hold rows × columns values.</summary>
    public FeatureMatrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (data.LongLength != (long)rows * columns)
        {
            throw new ArgumentException($"{data.LongLength} values cannot form a {rows}x{columns} matrix.", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows (time steps).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (bands).</summary>
    public int Columns { get; }

    /// <summary>Values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>One value.</summary>
    public float this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside {Rows}x{Columns}.");
            }

            return Data[(row * Columns) + column];
        }
    }

    /// <summary>One row as a span over <see cref="Data"/>.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        return Data.AsSpan(row * Columns, Columns);
    }
}
