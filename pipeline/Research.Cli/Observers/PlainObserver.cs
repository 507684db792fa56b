using System.Globalization;
using Research.Pipeline.Execution;

namespace Research.Cli.Observers;

/// <summary>Line-per-event output for logs and CI; progress of long stages (≥ 20 units) is printed at each quarter.</summary>
internal sealed class PlainObserver(TextWriter output) : IRunObserver
{
    private readonly Dictionary<string, long> _lastQuarter = new(StringComparer.Ordinal);

    public void StageStarted(StageDefinition stage, string reason) => output.WriteLine($"[run ] {stage.Id} ({reason})");

    public void StageProgress(StageDefinition stage, StageProgress progress)
    {
        if (progress.Total < 20)
        {
            return;
        }

        var quarter = progress.Done * 4 / progress.Total;
        if (_lastQuarter.TryGetValue(stage.Id, out var last) && last == quarter)
        {
            return;
        }

        _lastQuarter[stage.Id] = quarter;
        if (quarter is > 0 and < 4)
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
