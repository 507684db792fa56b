namespace Research.Pipeline.Execution;

/// <summary>A named input of a stage: the output of an upstream stage, or an external file or folder.</summary>
public sealed record StageInput(string Name, string? UpstreamStageId, string? ExternalPath)
{
    /// <summary>Input produced by another stage of the plan.</summary>
    public static StageInput FromStage(string name, string stageId) => new(name, stageId, null);

    /// <summary>Input read from disk (hashed by content).</summary>
    public static StageInput FromPath(string name, string path) => new(name, null, path);
}
