namespace Research.Datasets.ErNerf.Checking;

/// <summary>One finding of <see cref="DatasetChecker"/>.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="File">The file or folder concerned, relative to the dataset folder (<c>.</c> for the folder itself).</param>
/// <param name="Message">What is wrong and, where useful, how to fix it.</param>
public sealed record DatasetIssue(DatasetIssueSeverity Severity, string File, string Message);
