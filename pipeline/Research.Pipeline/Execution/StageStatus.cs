namespace Research.Pipeline.Execution;

/// <summary>What the plan expects, or what happened to a stage.</summary>
public enum StageStatus
{
    /// <summary>Outputs are in the cache; nothing to do.</summary>
    Hit,

    /// <summary>Must run (see the reason).</summary>
    Miss,

    /// <summary>Waits for an upstream stage that will run; may still hit afterwards.</summary>
    Pending,

    /// <summary>Ran and succeeded.</summary>
    Completed,

    /// <summary>Ran and failed.</summary>
    Failed,

    /// <summary>Not run because an upstream stage failed.</summary>
    Skipped,
}
