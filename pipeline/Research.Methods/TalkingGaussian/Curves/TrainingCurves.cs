using System.Globalization;
using System.Text;
using Research.Media.IO;

namespace Research.Methods.TalkingGaussian.Curves;

/// <summary>
/// The training curves, one CSV row per iteration of every stage (mouth, face, fuse), written as <c>curves.csv</c> next
/// to the model. With a checkpoint folder the rows are also appended to <c>curves.partial.csv</c> there before each
/// checkpoint, so a resumed run restores the rows up to its checkpoint and the final file equals an uninterrupted
/// run's except for the wall-clock <c>iteration_ms</c> column.
/// </summary>
internal sealed class TrainingCurves
{
    /// <summary>File name inside the model folder.</summary>
    public const string FileName = "curves.csv";

    /// <summary>File name inside the checkpoint folder.</summary>
    public const string PartialFileName = "curves.partial.csv";

    /// <summary>Loss-term columns in order; a <see cref="Training.LossTerms"/> name must be one of these.</summary>
    public static readonly IReadOnlyList<string> TermColumns = ["l1", "dssim", "alpha_reg", "motion_reg", "attention_reg", "lpips"];

    private readonly List<string> rows = [];
    private readonly string? partial;
    private int flushed;

    /// <summary>Creates empty curves; <paramref name="checkpointDirectory"/> (may be null) receives the partial copy.</summary>
    public TrainingCurves(string? checkpointDirectory)
    {
        partial = checkpointDirectory is null ? null : Path.Combine(checkpointDirectory, PartialFileName);
    }

    /// <summary>The CSV header.</summary>
    public static string Header { get; } = "stage,iteration,loss," + string.Join(',', TermColumns) + ",held_out_psnr,face_gaussians,mouth_gaussians,iteration_ms";

    /// <summary>Rows so far.</summary>
    public int Count => rows.Count;

    /// <summary>Appends one iteration's row; terms not used this iteration stay empty.</summary>
    public void Add(string stage, int iteration, IReadOnlyDictionary<string, double> terms, double? heldOutPsnr, int? faceGaussians, int? mouthGaussians, double milliseconds)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var unknown = terms.Keys.FirstOrDefault(k => k != "loss" && !TermColumns.Contains(k));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"TrainingCurves: loss term '{unknown}' has no column; add it to TrainingCurves.TermColumns.");
        }

        var c = CultureInfo.InvariantCulture;
        string Term(string name) => terms.TryGetValue(name, out var v) ? ((float)v).ToString(c) : "";
        var sb = new StringBuilder();
        sb.Append(stage).Append(',').Append(iteration.ToString(c)).Append(',').Append(Term("loss"));
        foreach (var column in TermColumns)
        {
            sb.Append(',').Append(Term(column));
        }

        sb.Append(',').Append(heldOutPsnr?.ToString("F4", c) ?? "")
            .Append(',').Append(faceGaussians?.ToString(c) ?? "")
            .Append(',').Append(mouthGaussians?.ToString(c) ?? "")
            .Append(',').Append(milliseconds.ToString("F3", c));
        rows.Add(sb.ToString());
    }

    /// <summary>Starts afresh: removes a partial copy left by an earlier run.</summary>
    public void Reset()
    {
        rows.Clear();
        flushed = 0;
        if (partial is not null)
        {
            AtomicFile.TryDeleteFile(partial);
        }
    }

    /// <summary>Appends the rows not yet in the partial copy (call before writing a checkpoint).</summary>
    public void Flush()
    {
        if (partial is null || flushed == rows.Count)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        if (!File.Exists(partial))
        {
            File.WriteAllText(partial, Header + "\n");
        }

        File.AppendAllText(partial, string.Concat(rows.Skip(flushed).Select(r => r + "\n")));
        flushed = rows.Count;
    }

    /// <summary>Restores the first <paramref name="count"/> rows from the partial copy (rows written after the checkpoint are dropped).</summary>
    /// <exception cref="InvalidDataException">The copy is missing, has another header or fewer rows.</exception>
    public void Restore(int count)
    {
        rows.Clear();
        flushed = 0;
        if (count == 0)
        {
            Reset();
            return;
        }

        if (partial is null || !File.Exists(partial))
        {
            throw new InvalidDataException($"training curves: {partial ?? PartialFileName} is missing; expected {count} rows.");
        }

        var lines = File.ReadAllLines(partial);
        if (lines.Length == 0 || lines[0] != Header || lines.Length - 1 < count)
        {
            throw new InvalidDataException($"{partial}: expected the curves header and at least {count} rows, found {Math.Max(0, lines.Length - 1)} rows.");
        }

        rows.AddRange(lines.Skip(1).Take(count));
        AtomicFile.WriteAllText(partial, Header + "\n" + string.Concat(rows.Select(r => r + "\n")));
        flushed = rows.Count;
    }

    /// <summary>Writes <c>curves.csv</c> into <paramref name="directory"/> (atomically).</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), Header + "\n" + string.Concat(rows.Select(r => r + "\n")));
}
