namespace Research.Datasets.ErNerf.Checking;

/// <summary>
/// Checks an ER-NeRF layout dataset folder for everything that would make training fail or silently misalign data:
/// frame counts of every per-frame part, image sizes, the train/val split, camera matrices, the parsing face mask,
/// AU rows and columns, and the audio length. Streams over frames; nothing is preloaded.
/// </summary>
public static class DatasetChecker
{
    /// <summary>Checks a dataset folder; problems become issues, never exceptions.</summary>
    /// <param name="directory">The dataset folder.</param>
    /// <param name="options">Settings; <see cref="DatasetCheckOptions.Default"/> when null.</param>
    /// <returns>The summary and issues.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static DatasetCheckReport Check(string directory, DatasetCheckOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= DatasetCheckOptions.Default;
        if (!(options.Fps > 0) || options.Sample < 1 || options.FrameTolerance < 0 || !(options.RigidityTolerance > 0) || options.MaxIssuesPerKind < 1)
        {
            throw new ArgumentException("Fps and RigidityTolerance must be positive, Sample and MaxIssuesPerKind at least 1, FrameTolerance non-negative.", nameof(options));
        }

        return new DatasetCheckRun(Path.GetFullPath(directory), options).Run();
    }
}
