using System.Globalization;
using System.Text.Json;
using Research.Media.IO;

namespace Research.Pipeline.Caching;

/// <summary>
/// Content-addressed stage cache (DVC run-cache style). Layout under the root:
/// <c>objects/ab/abcd…/</c> output trees by content hash; <c>stages/ab/&lt;key&gt;.json</c> completion records by key,
/// written last; <c>index/&lt;hash of stage id&gt;.json</c> the latest record per stage identity, used to explain misses;
/// <c>tmp/</c> work in progress; <c>checkpoints/&lt;key&gt;/</c> training checkpoints of a stage that has not committed yet.
/// </summary>
public sealed class StageCache
{
    /// <summary>Creates a cache rooted at a folder (created on demand).</summary>
    public StageCache(string root) => Root = Path.GetFullPath(root);

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>The key for a set of components.</summary>
    public static string ComputeKey(string name, int codeVersion, string parameters, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> tools, int? seed)
    {
        var text = string.Join(
            "\n",
            "stage:" + name,
            "code:" + codeVersion.ToString(CultureInfo.InvariantCulture),
            "params:" + parameters,
            "inputs:" + CanonicalJson.Serialize(new SortedDictionary<string, string>(inputs.ToDictionary(), StringComparer.Ordinal)),
            "tools:" + CanonicalJson.Serialize(new SortedDictionary<string, string>(tools.ToDictionary(), StringComparer.Ordinal)),
            "seed:" + (seed?.ToString(CultureInfo.InvariantCulture) ?? "none"));
        return ContentHasher.HashText(text);
    }

    /// <summary>The record for a key when it exists and its outputs are present.</summary>
    public StageRecord? TryGet(string key)
    {
        var record = Read(RecordPath(key));
        return record is not null && Directory.Exists(ObjectPath(record.OutputHash)) ? record : null;
    }

    /// <summary>The latest record written for a stage identity (it may describe different inputs).</summary>
    public StageRecord? Latest(string stageId) => Read(IndexPath(stageId));

    /// <summary>Folder of an output tree.</summary>
    public string ObjectPath(string outputHash) => Path.Combine(Root, "objects", outputHash[..2], outputHash);

    /// <summary>
    /// The persistent checkpoint folder of a stage key (<c>checkpoints/&lt;key&gt;/</c>; not created here). Unlike the work
    /// folder it survives an interrupted run, so the next run with the same key can resume.
    /// </summary>
    public string CheckpointDirectory(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Path.Combine(Root, "checkpoints", key);
    }

    /// <summary>A fresh temporary folder for a stage to write into.</summary>
    public string CreateWorkDirectory()
    {
        var dir = Path.Combine(Root, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Moves a finished work folder into <c>objects/</c> under its content hash (keeping an identical existing tree),
    /// then writes the completion record and the index entry. Returns the committed record.
    /// </summary>
    /// <param name="workDirectory">The finished work folder.</param>
    /// <param name="pending">The record to complete.</param>
    /// <param name="volatileOutputs">Relative paths hashed by presence only (see <see cref="Execution.StageDefinition.VolatileOutputs"/>).</param>
    public StageRecord Commit(string workDirectory, StageRecord pending, IReadOnlyCollection<string>? volatileOutputs = null)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var outputHash = volatileOutputs is { Count: > 0 } ? ContentHasher.HashPath(workDirectory, volatileOutputs.Contains) : ContentHasher.HashPath(workDirectory);
        var target = ObjectPath(outputHash);
        if (Directory.Exists(target))
        {
            ReplaceVolatileFiles(workDirectory, target, volatileOutputs);
            Directory.Delete(workDirectory, recursive: true);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                Directory.Move(workDirectory, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another process committed the same content first.
                Directory.Delete(workDirectory, recursive: true);
            }
        }

        var record = pending with { OutputHash = outputHash };
        var json = JsonSerializer.Serialize(record, CanonicalJson.Indented);
        AtomicFile.WriteAllText(RecordPath(record.Key), json);
        AtomicFile.WriteAllText(IndexPath(record.StageId), json);
        return record;
    }

    // Same content by hash, so the object stays; its volatile files (timings) take the newest run's copies. Renaming
    // over a file gives it a new inode, so runs already published as hard links keep the copy they were made with.
    private static void ReplaceVolatileFiles(string workDirectory, string target, IReadOnlyCollection<string>? volatileOutputs)
    {
        foreach (var relative in volatileOutputs ?? [])
        {
            var source = Path.Combine(workDirectory, relative);
            if (File.Exists(source) && File.Exists(Path.Combine(target, relative)))
            {
                File.Move(source, Path.Combine(target, relative), overwrite: true);
            }
        }
    }

    private string RecordPath(string key) => Path.Combine(Root, "stages", key[..2], key + ".json");

    private string IndexPath(string stageId) => Path.Combine(Root, "index", ContentHasher.HashText(stageId)[..24] + ".json");

    private static StageRecord? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(path), CanonicalJson.Options);
        }
        catch (JsonException)
        {
            return null; // A damaged record is a miss, never a crash.
        }
    }
}
