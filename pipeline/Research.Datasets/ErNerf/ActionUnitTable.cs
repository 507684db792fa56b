using System.Globalization;
using Research.Media;

namespace Research.Datasets.ErNerf;

/// <summary>
/// A numeric CSV table as read from an OpenFace <c>au.csv</c>: trimmed column names and one value per row and column.
/// Lookups accept names with or without the leading space OpenFace 2.2 writes (<c>" AU45_r"</c> or <c>"AU45_r"</c>).
/// </summary>
public sealed class ActionUnitTable
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<double[]> data;

    /// <summary>Creates a table from columns of equal length.</summary>
    /// <param name="source">The file the table came from (used in error messages).</param>
    /// <param name="columns">Column names (trimmed here).</param>
    /// <param name="data">One array per column, all of the same length (not copied).</param>
    public ActionUnitTable(string source, IReadOnlyList<string> columns, IReadOnlyList<double[]> data)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(data);
        if (columns.Count != data.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{columns.Count} column names but {data.Count} columns of data."), nameof(data));
        }

        var rows = data.Count == 0 ? 0 : data[0].Length;
        if (data.Any(c => c.Length != rows))
        {
            throw new ArgumentException("Columns differ in length.", nameof(data));
        }

        Source = source;
        Columns = [.. columns.Select(c => c.Trim())];
        for (var i = 0; i < Columns.Count; i++)
        {
            // The first of duplicated names wins, as pandas' positional lookups would see it.
            index.TryAdd(Columns[i], i);
        }

        this.data = data;
        RowCount = rows;
    }

    /// <summary>The file the table came from.</summary>
    public string Source { get; }

    /// <summary>Number of data rows (frames).</summary>
    public int RowCount { get; }

    /// <summary>Column names, trimmed, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether the table has a column (name trimmed before lookup).</summary>
    public bool HasColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return index.ContainsKey(name.Trim());
    }

    /// <summary>A copy of a column's values, one per row.</summary>
    /// <param name="name">Column name, e.g. <c>AU45_r</c> or <c> AU45_r</c>.</param>
    /// <exception cref="MediaFormatException">The table has no such column (the message names the file).</exception>
    public double[] Column(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (!index.TryGetValue(trimmed, out var i))
        {
            var hint = Columns.Any(c => c.StartsWith("AU", StringComparison.Ordinal))
                ? string.Empty
                : " It has no AU columns at all; run OpenFace FeatureExtraction with -aus.";
            throw new MediaFormatException(Source, $"has no column '{trimmed}'.{hint}");
        }

        return (double[])data[i].Clone();
    }
}
