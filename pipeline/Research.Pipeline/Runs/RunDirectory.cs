using Research.Pipeline.Storage;
using System.Globalization;
using System.Text.Json;
using Research.Media.IO;
using Research.Pipeline.Caching;

namespace Research.Pipeline.Runs;

/// <summary>
/// A run's folder, <c>runs/&lt;experiment&gt;/&lt;yyyyMMdd-HHmmss&gt;/</c> by default: <c>config.yaml</c> (resolved),
/// <c>overrides.yaml</c>, <c>manifest.json</c>, <c>logs/</c>, <c>jobs/&lt;job&gt;/</c> (renders, metrics) and the report.
/// Several shards may share one folder; each writes its own manifest.
/// </summary>
public sealed class RunDirectory
{
    private RunDirectory(string path) => Path = path;

    /// <summary>Full path.</summary>
    public string Path { get; }

    /// <summary>Per-stage logs.</summary>
    public string Logs => System.IO.Path.Combine(Path, "logs");

    /// <summary>Per-job outputs.</summary>
    public string Jobs => System.IO.Path.Combine(Path, "jobs");

    /// <summary>Creates a fresh timestamped folder under <paramref name="runsRoot"/>/<paramref name="experiment"/>.</summary>
    public static RunDirectory CreateTimestamped(string runsRoot, string experiment, DateTimeOffset now)
    {
        var baseName = now.ToLocalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var parent = System.IO.Path.Combine(runsRoot, experiment);
        var path = System.IO.Path.Combine(parent, baseName);
        for (var i = 2; Directory.Exists(path); i++)
        {
            path = System.IO.Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $"{baseName}-{i}"));
        }

        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Opens (creating when needed) a given folder, e.g. one shared by shards.</summary>
    public static RunDirectory Open(string path)
    {
        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Folder of one job's published outputs.</summary>
    public string JobDirectory(string jobId) => System.IO.Path.Combine(Jobs, jobId.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Manifest file name for a shard (or the whole run).</summary>
    public string ManifestPath(string? shard) => System.IO.Path.Combine(Path, shard is null ? "manifest.json" : $"manifest.shard-{shard.Replace('/', '-')}.json");

    /// <summary>Writes the manifest atomically.</summary>
    public void WriteManifest(RunManifest manifest, string? shard) =>
        AtomicFile.WriteAllText(ManifestPath(shard), JsonSerializer.Serialize(manifest, CanonicalJson.Indented) + "\n");

    /// <summary>Writes a text file relative to the run folder atomically.</summary>
    public void WriteText(string relativePath, string text) => AtomicFile.WriteAllText(System.IO.Path.Combine(Path, relativePath), text);

    /// <summary>
    /// Publishes a cached output folder into the run folder by hard links (copies when links are impossible), so the
    /// run folder is self-contained without duplicating large outputs.
    /// </summary>
    public static void Publish(string source, string destination) => FileTree.LinkOrCopy(source, destination);
}
