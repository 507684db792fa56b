using System.Globalization;
using System.Numerics;
using Research.Datasets.ErNerf;
using Research.Media;

namespace Research.Metrics.ActionUnits;

/// <summary>
/// An OpenFace 2.2 <c>FeatureExtraction</c> CSV as the metrics read it: AU intensities (<c>AUxx_r</c>), 2-D landmarks
/// (<c>x_i</c>, <c>y_i</c>) and the bookkeeping columns (<c>frame</c>, <c>face_id</c>, <c>timestamp</c>,
/// <c>confidence</c>, <c>success</c>). Parsing is <see cref="OpenFaceCsv.Read"/>'s: header names are trimmed, so
/// <c>" AU45_r"</c> and <c>"AU45_r"</c> both work; numbers use the invariant culture; <c>nan</c> reads as NaN.
/// Every problem with the file's content is an <see cref="InvalidDataException"/> whose message names the file.
/// </summary>
public sealed class OpenFaceSequence
{
    private readonly ActionUnitTable table;
    private readonly double[][] landmarkX;
    private readonly double[][] landmarkY;

    private OpenFaceSequence(ActionUnitTable table)
    {
        this.table = table;
        var count = 0;
        while (table.HasColumn(OpenFaceColumns.LandmarkX(count)) && table.HasColumn(OpenFaceColumns.LandmarkY(count)))
        {
            count++;
        }

        landmarkX = [.. Enumerable.Range(0, count).Select(i => table.Column(OpenFaceColumns.LandmarkX(i)))];
        landmarkY = [.. Enumerable.Range(0, count).Select(i => table.Column(OpenFaceColumns.LandmarkY(i)))];
    }

    /// <summary>The file the rows came from.</summary>
    public string Path => table.Source;

    /// <summary>Number of data rows.</summary>
    public int RowCount => table.RowCount;

    /// <summary>Trimmed column names in file order.</summary>
    public IReadOnlyList<string> Columns => table.Columns;

    /// <summary>Number of 2-D landmarks (consecutive <c>x_i</c>/<c>y_i</c> pairs from 0; 0 when OpenFace ran without <c>-2Dfp</c>).</summary>
    public int LandmarkCount => landmarkX.Length;

    /// <summary>Reads an OpenFace CSV.</summary>
    /// <param name="path">The CSV file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, a row has the wrong field count, or a field is not a number (the message names file, line and column).</exception>
    public static OpenFaceSequence Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"OpenFace CSV '{path}' does not exist.", path);
        }

        try
        {
            return new OpenFaceSequence(OpenFaceCsv.Read(path));
        }
        catch (MediaFormatException e)
        {
            throw new InvalidDataException($"OpenFace CSV {e.Message}", e);
        }
    }

    /// <summary>Wraps a table that was already read (for example by the dataset importer).</summary>
    public static OpenFaceSequence FromTable(ActionUnitTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new OpenFaceSequence(table);
    }

    /// <summary>Whether the file has a column (leading/trailing spaces ignored).</summary>
    public bool HasColumn(string name) => table.HasColumn(name);

    /// <summary>A copy of a numeric column.</summary>
    /// <exception cref="InvalidDataException">The file has no such column; the message names the file and the column.</exception>
    public double[] Column(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!table.HasColumn(name))
        {
            var hint = table.Columns.Any(c => c.StartsWith("AU", StringComparison.Ordinal))
                ? string.Empty
                : " It has no AU columns at all; run OpenFace FeatureExtraction with -aus.";
            throw new InvalidDataException($"OpenFace CSV '{Path}' has no column '{name.Trim()}'.{hint}");
        }

        return table.Column(name);
    }

    /// <summary>The intensity column <c>AUxx_r</c> of a unit (e.g. <c>"AU45"</c>), one value per row.</summary>
    /// <exception cref="InvalidDataException">The column is missing; the message names the file and the column.</exception>
    public double[] Intensity(string unit) => Column(ActionUnitSets.IntensityColumn(unit));

    /// <summary>The <c>frame</c> column as integers (1-based in OpenFace).</summary>
    /// <exception cref="InvalidDataException">The column is missing or holds a value that is not a whole number.</exception>
    public int[] FrameNumbers()
    {
        var values = Column(OpenFaceColumns.Frame);
        var frames = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!(Math.Floor(v) == v && v >= int.MinValue && v <= int.MaxValue))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"OpenFace CSV '{Path}': data row {i + 1}, column 'frame': {v} is not a whole frame number."));
            }

            frames[i] = (int)v;
        }

        return frames;
    }

    /// <summary>The 2-D landmarks of one row, in pixels (x right, y down).</summary>
    /// <param name="row">0-based data row.</param>
    /// <exception cref="InvalidDataException">The file has no <c>x_0</c>/<c>y_0</c> landmark columns.</exception>
    public Vector2[] Landmarks(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        if (LandmarkCount == 0)
        {
            throw new InvalidDataException($"OpenFace CSV '{Path}' has no 2-D landmark columns (x_0 … x_67, y_0 … y_67); run OpenFace FeatureExtraction with -2Dfp.");
        }

        var points = new Vector2[LandmarkCount];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2((float)landmarkX[i][row], (float)landmarkY[i][row]);
        }

        return points;
    }
}
