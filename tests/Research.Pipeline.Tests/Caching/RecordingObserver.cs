using Research.Pipeline.Execution;

namespace Research.Pipeline.Tests.Caching;

internal sealed class RecordingObserver : IRunObserver
{
    public List<(string Id, string Reason)> Started { get; } = [];

    public List<StageOutcome> Finished { get; } = [];

    public void StageStarted(StageDefinition stage, string reason) => Started.Add((stage.Id, reason));

    public void StageProgress(StageDefinition stage, StageProgress progress)
    {
    }

    public void StageFinished(StageOutcome outcome) => Finished.Add(outcome);

    public void Message(string text)
    {
    }
}
