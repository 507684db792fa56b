namespace Research.Datasets.ErNerf.Checking;

/// <summary>How serious a <see cref="DatasetIssue"/> is.</summary>
public enum DatasetIssueSeverity
{
    /// <summary>The dataset cannot be used as it is (training would fail or silently use wrong data).</summary>
    Error,

    /// <summary>Unusual but usable; worth a look.</summary>
    Warning,
}
