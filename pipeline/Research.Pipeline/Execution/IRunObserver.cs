namespace Research.Pipeline.Execution;

/// <summary>Receives run events; the CLI renders them as a live progress display or as plain log lines.</summary>
public interface IRunObserver
{
    /// <summary>A stage is about to run (not called for hits).</summary>
    void StageStarted(StageDefinition stage, string reason);

    /// <summary>A running stage reported progress.</summary>
    void StageProgress(StageDefinition stage, StageProgress progress);

    /// <summary>A stage finished, hit the cache, failed or was skipped.</summary>
    void StageFinished(StageOutcome outcome);

    /// <summary>A free-form message (warnings, notices).</summary>
    void Message(string text);
}
