using System.Globalization;
using Research.Pipeline.Execution;
using Spectre.Console;

namespace Research.Cli.Observers;

/// <summary>Live progress bars (stage, units, ETA) for interactive terminals.</summary>
internal sealed class SpectreObserver(ProgressContext context, IAnsiConsole console) : IRunObserver
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void StageStarted(StageDefinition stage, string reason)
    {
        var task = context.AddTask(Markup.Escape(stage.Id), maxValue: 1);
        _tasks[stage.Id] = task;
        console.MarkupLine($"[grey]run[/] {Markup.Escape(stage.Id)} [grey]({Markup.Escape(reason)})[/]");
    }

    public void StageProgress(StageDefinition stage, StageProgress progress)
    {
        if (_tasks.TryGetValue(stage.Id, out var task) && progress.Total > 0)
        {
            task.MaxValue = progress.Total;
            task.Value = progress.Done;
            if (progress.Detail is not null)
            {
                task.Description = Markup.Escape($"{stage.Id}: {progress.Detail}");
            }
        }
    }

    public void StageFinished(StageOutcome outcome)
    {
        if (_tasks.TryGetValue(outcome.Stage.Id, out var task))
        {
            task.Value = task.MaxValue;
            task.Description = Markup.Escape(outcome.Stage.Id);
            task.StopTask();
        }

        var id = Markup.Escape(outcome.Stage.Id);
        switch (outcome.Status)
        {
            case StageStatus.Hit:
                console.MarkupLine($"[green]hit[/]  {id}");
                break;
            case StageStatus.Completed:
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]done[/] {id} [grey]{outcome.Seconds:F2} s[/]"));
                break;
            case StageStatus.Failed:
                console.MarkupLine($"[red]FAIL[/] {id}: {Markup.Escape(outcome.Error ?? string.Empty)}");
                break;
            default:
                console.MarkupLine($"[yellow]{outcome.Status.ToString().ToLowerInvariant()}[/] {id}: {Markup.Escape(outcome.Reason)}");
                break;
        }
    }

    public void Message(string text) => console.MarkupLine($"[yellow]note:[/] {Markup.Escape(text)}");
}
