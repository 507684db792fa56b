namespace Research.Metrics.Evaluation;

/// <summary>Where weight files live by default and how configured locations are read.</summary>
internal static class WeightPaths
{
    /// <summary>~/.cache/research/weights under the user's home folder.</summary>
    public static string DefaultRoot { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "research", "weights");

    /// <summary>A leading "~" or "~/" is the user's home folder, as in a shell.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : string.Empty)
            : path;
}
