using System.Globalization;
using System.Numerics;
using System.Text;
using Research.Media;
using Research.Media.IO;

namespace Research.Datasets.ErNerf;

/// <summary>
/// Reads and writes the 68-point landmark files <c>ori_imgs/&lt;i&gt;.lms</c>: 68 text rows of <c>x y</c> in pixels,
/// as <c>np.savetxt(path, lms, '%f')</c> writes them.
/// </summary>
public static class LandmarkFile
{
    /// <summary>Points per file (the iBUG 68-point layout that face_alignment and OpenFace use).</summary>
    public const int PointCount = 68;

    /// <summary>Reads a landmark file; any whitespace separates values, blank lines are ignored.</summary>
    /// <param name="path">The <c>.lms</c> file.</param>
    /// <returns>68 points (x right, y down, in pixels).</returns>
    /// <exception cref="MediaFormatException">The file does not hold 68 rows of two numbers.</exception>
    public static Vector2[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var points = new List<Vector2>(PointCount);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 2)
            {
                throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber} has {fields.Length} values; a landmark file holds {PointCount} rows of 'x y'."));
            }

            points.Add(new Vector2(ParseCoordinate(fields[0], path, lineNumber), ParseCoordinate(fields[1], path, lineNumber)));
        }

        if (points.Count != PointCount)
        {
            throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"holds {points.Count} rows but a landmark file holds {PointCount} rows of 'x y'."));
        }

        return [.. points];
    }

    /// <summary>Writes points as <c>np.savetxt(path, lms, '%f')</c> does (six decimals, space, <c>'\n'</c>), atomically.</summary>
    /// <param name="path">Destination; its folder is created.</param>
    /// <param name="points">The 68 points.</param>
    /// <exception cref="ArgumentException">There are not 68 points.</exception>
    public static void Write(string path, ReadOnlySpan<Vector2> points)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (points.Length != PointCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A landmark file holds {PointCount} points, got {points.Length}."), nameof(points));
        }

        var text = new StringBuilder(points.Length * 24);
        foreach (var p in points)
        {
            text.Append(((double)p.X).ToString("F6", CultureInfo.InvariantCulture))
                .Append(' ')
                .Append(((double)p.Y).ToString("F6", CultureInfo.InvariantCulture))
                .Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static float ParseCoordinate(string text, string path, int lineNumber)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new MediaFormatException(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: '{text}' is not a number."));
        }

        return (float)value;
    }
}
