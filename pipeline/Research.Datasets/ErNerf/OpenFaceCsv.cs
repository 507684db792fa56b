using System.Globalization;
using System.Text;
using Research.Media;
using Research.Media.IO;

namespace Research.Datasets.ErNerf;

/// <summary>
/// Writes OpenFace 2.2 <c>FeatureExtraction</c> CSVs (the columns we model, in OpenFace's order, with its separators and
/// precisions) and reads any OpenFace CSV into an <see cref="ActionUnitTable"/>.
/// </summary>
/// <remarks>
/// OpenFace 2.2's recorder separates header names and values with <c>", "</c> and prints values in fixed notation:
/// timestamp 3 decimals, confidence 2, success as 1/0, pose translation 1 and rotation 3, landmarks 1,
/// AU intensities 2 and AU occurrences 1 (<c>1.0</c>/<c>0.0</c>). Other builds write plain <c>","</c>; the reader
/// accepts both and ignores columns it does not know (gaze, eye_lmk_*, X_*, p_*).
/// </remarks>
public static class OpenFaceCsv
{
    private const string Separator = ", ";

    /// <summary>Writes frames as an OpenFace 2.2 CSV, atomically.</summary>
    /// <param name="path">Destination; its folder is created.</param>
    /// <param name="frames">Rows in order; every row has the same number of landmarks.</param>
    /// <exception cref="ArgumentException">Landmark counts differ between rows, or a dictionary names an unknown unit or misses one.</exception>
    public static void Write(string path, IReadOnlyList<OpenFaceFrame> frames)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(frames);
        var landmarkCount = frames.Count == 0 ? 68 : frames[0].Landmarks.Count;
        foreach (var frame in frames)
        {
            Validate(frame, landmarkCount);
        }

        var text = new StringBuilder();
        text.AppendJoin(Separator, OpenFaceColumns.WrittenHeader(landmarkCount)).Append('\n');
        foreach (var frame in frames)
        {
            AppendRow(text, frame);
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads an OpenFace CSV (any build, any set of output columns).</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The table; values that OpenFace writes as <c>nan</c> read as <see cref="double.NaN"/>.</returns>
    /// <exception cref="MediaFormatException">The file is empty, a row has the wrong number of fields, or a field is not a number.</exception>
    public static ActionUnitTable Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[]? header = null;
        List<double>[] columns = [];
        var lineNumber = 0;
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = lineNumber == 1 ? rawLine.TrimStart('\uFEFF') : rawLine;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                if (header.Any(h => h.Length == 0))
                {
                    throw new MediaFormatException(path, "the header has an empty column name; is this an OpenFace CSV?");
                }

                columns = [.. header.Select(_ => new List<double>())];
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber} has {fields.Length} fields but the header has {header.Length}."));
            }

            for (var c = 0; c < fields.Length; c++)
            {
                columns[c].Add(ParseValue(fields[c], path, lineNumber, header[c]));
            }
        }

        if (header is null)
        {
            throw new MediaFormatException(path, "is empty; expected an OpenFace CSV with a header line.");
        }

        return new ActionUnitTable(path, header, [.. columns.Select(c => c.ToArray())]);
    }

    private static void Validate(OpenFaceFrame frame, int landmarkCount)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Landmarks.Count != landmarkCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {frame.Frame} has {frame.Landmarks.Count} landmarks but the first row has {landmarkCount}."), nameof(frame));
        }

        CheckKeys(frame.Intensities.Keys, OpenFaceColumns.IntensityUnits, frame.Frame, "intensities");
        CheckKeys(frame.Occurrences.Keys, OpenFaceColumns.OccurrenceUnits, frame.Frame, "occurrences");
    }

    private static void CheckKeys(IEnumerable<string> keys, IReadOnlyList<string> units, int frame, string what)
    {
        var given = keys.ToHashSet(StringComparer.Ordinal);
        if (given.Count == 0)
        {
            return;
        }

        var unknown = given.Where(k => !units.Contains(k)).ToList();
        var missing = units.Where(u => !given.Contains(u)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"Frame {frame}: AU {what} must name exactly {string.Join(' ', units)} (or be empty); unknown: [{string.Join(' ', unknown)}], missing: [{string.Join(' ', missing)}]."));
        }
    }

    private static void AppendRow(StringBuilder text, OpenFaceFrame frame)
    {
        var ci = CultureInfo.InvariantCulture;
        text.Append(frame.Frame.ToString(ci))
            .Append(Separator).Append('0')
            .Append(Separator).Append(frame.Timestamp.ToString("F3", ci))
            .Append(Separator).Append(frame.Confidence.ToString("F2", ci))
            .Append(Separator).Append(frame.Success ? '1' : '0');
        var p = frame.Pose;
        foreach (var t in (ReadOnlySpan<double>)[p.Tx, p.Ty, p.Tz])
        {
            text.Append(Separator).Append(t.ToString("F1", ci));
        }

        foreach (var r in (ReadOnlySpan<double>)[p.Rx, p.Ry, p.Rz])
        {
            text.Append(Separator).Append(r.ToString("F3", ci));
        }

        foreach (var point in frame.Landmarks)
        {
            text.Append(Separator).Append(((double)point.X).ToString("F1", ci));
        }

        foreach (var point in frame.Landmarks)
        {
            text.Append(Separator).Append(((double)point.Y).ToString("F1", ci));
        }

        foreach (var unit in OpenFaceColumns.IntensityUnits)
        {
            // OpenFace writes a bare 0 for every unit when it has no AU predictions at all.
            text.Append(Separator).Append(frame.Intensities.Count == 0 ? "0" : frame.Intensities[unit].ToString("F2", ci));
        }

        foreach (var unit in OpenFaceColumns.OccurrenceUnits)
        {
            text.Append(Separator).Append(frame.Occurrences.Count == 0 ? "0" : frame.Occurrences[unit] ? "1.0" : "0.0");
        }

        text.Append('\n');
    }

    private static double ParseValue(string field, string path, int lineNumber, string column)
    {
        var text = field.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // C++ streams print NaN and infinity in lower case (glibc: nan, -nan, inf; MSVC: -nan(ind)).
        var lower = text.ToLowerInvariant();
        if (lower.Contains("nan", StringComparison.Ordinal))
        {
            return double.NaN;
        }

        if (lower is "inf" or "+inf" or "infinity")
        {
            return double.PositiveInfinity;
        }

        if (lower is "-inf" or "-infinity")
        {
            return double.NegativeInfinity;
        }

        throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}, column '{column}': '{text}' is not a number."));
    }
}
