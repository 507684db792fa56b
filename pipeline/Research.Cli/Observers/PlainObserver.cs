using System.Globalization;
using Research.Pipeline.Execution;

namespace Research.Cli.Observers;

/// <summary>Line-per-event output for logs and CI; progress is printed at most every 10%.</summary>
internal sealed class PlainObserver(TextWriter output) : IRunObserver
{
    private readonly Dictionary<string, long> _lastDecile = new(StringComparer.Ordinal);

    public void StageStarted(StageDefinition stage, string reason) => output.WriteLine($"[run ] {stage.Id} ({reason})");

    public void StageProgress(StageDefinition stage, StageProgress progress)
    {
        if (progress.Total <= 0)
        {
            return;
        }

        var decile = progress.Done * 10 / progress.Total;
        if (_lastDecile.TryGetValue(stage.Id, out var last) && last == decile)
        {
            return;
        }

        _lastDecile[stage.Id] = decile;
        if (decile is > 0 and < 10)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"       {stage.Id}: {progress.Done}/{progress.Total} {progress.Detail}"));
        }
    }

    public void StageFinished(StageOutcome outcome)
    {
        var line = outcome.Status switch
        {
            StageStatus.Hit => $"[hit ] {outcome.Stage.Id}",
            StageStatus.Completed => string.Create(CultureInfo.InvariantCulture, $"[done] {outcome.Stage.Id} in {outcome.Seconds:F2} s"),
            StageStatus.Failed => $"[FAIL] {outcome.Stage.Id}: {outcome.Error}",
            StageStatus.Skipped => $"[skip] {outcome.Stage.Id}: {outcome.Reason}",
            _ => $"[{outcome.Status}] {outcome.Stage.Id}",
        };
        output.WriteLine(line);
    }

    public void Message(string text) => output.WriteLine($"note: {text}");
}
