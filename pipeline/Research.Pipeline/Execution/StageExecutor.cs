using System.Diagnostics;
using Research.Pipeline.Caching;
using Research.Pipeline.Errors;

namespace Research.Pipeline.Execution;

/// <summary>
/// Plans and runs stages in dependency order against the cache. A stage whose key has a record is a hit and does no
/// work; otherwise it runs into a temporary folder that is committed to the cache when it succeeds, so an interrupted
/// run resumes from its completed stages; a stage that writes checkpoints into <see cref="StageContext.CheckpointDirectory"/>
/// resumes from them too (the folder is keyed like the cache record and deleted once the stage commits). A failed stage skips its dependants but not unrelated stages. A
/// <see cref="UserErrorException"/> from a stage stops the run at once (it will fail the same way everywhere).
/// </summary>
public sealed class StageExecutor
{
    private readonly StageCache _cache;
    private readonly IRunObserver _observer;
    private readonly int _threads;
    private readonly string? _logDirectory;
    private readonly Dictionary<string, string> _externalHashes = new(StringComparer.Ordinal);

    /// <summary>Creates an executor; logs go to <paramref name="logDirectory"/> when given.</summary>
    public StageExecutor(StageCache cache, IRunObserver observer, int threads, string? logDirectory)
    {
        _cache = cache;
        _observer = observer;
        _threads = threads;
        _logDirectory = logDirectory;
    }

    /// <summary>Orders stages so every upstream comes first; unknown upstreams and cycles are errors.</summary>
    public static IReadOnlyList<StageDefinition> Order(IReadOnlyList<StageDefinition> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var byId = new Dictionary<string, StageDefinition>(StringComparer.Ordinal);
        foreach (var s in stages)
        {
            if (!byId.TryAdd(s.Id, s))
            {
                throw new InvalidOperationException($"Two stages share the id '{s.Id}'.");
            }
        }

        var ordered = new List<StageDefinition>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(StageDefinition s)
        {
            switch (state.GetValueOrDefault(s.Id))
            {
                case 2: return;
                case 1: throw new InvalidOperationException($"Stage dependency cycle through '{s.Id}'.");
            }

            state[s.Id] = 1;
            foreach (var input in s.Inputs.Where(i => i.UpstreamStageId is not null))
            {
                if (!byId.TryGetValue(input.UpstreamStageId!, out var up))
                {
                    throw new InvalidOperationException($"Stage '{s.Id}' reads '{input.UpstreamStageId}', which is not in the plan.");
                }

                Visit(up);
            }

            state[s.Id] = 2;
            ordered.Add(s);
        }

        foreach (var s in stages)
        {
            Visit(s);
        }

        return ordered;
    }

    /// <summary>What a run would do, without running anything.</summary>
    public IReadOnlyList<StageOutcome> Plan(IReadOnlyList<StageDefinition> stages, IReadOnlySet<string> force)
    {
        ArgumentNullException.ThrowIfNull(force);
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var stage in Order(stages))
        {
            var pendingUpstream = stage.Inputs
                .Where(i => i.UpstreamStageId is not null && outcomes[i.UpstreamStageId!].OutputHash is null)
                .Select(i => outcomes[i.UpstreamStageId!].Stage.Name)
                .ToList();
            if (pendingUpstream.Count > 0)
            {
                outcomes[stage.Id] = new StageOutcome(stage, StageStatus.Pending, $"waits for {string.Join(", ", pendingUpstream.Distinct())}; may hit afterwards", null, null, null, 0, null);
                continue;
            }

            var pending = PendingRecord(stage, outcomes);
            var record = _cache.TryGet(pending.Key);
            var forced = IsForced(stage, force);
            outcomes[stage.Id] = record is not null && !forced && !stage.AlwaysRun
                ? new StageOutcome(stage, StageStatus.Hit, "cached", record.Key, record.OutputHash, _cache.ObjectPath(record.OutputHash), 0, null)
                : new StageOutcome(stage, StageStatus.Miss, WhyRun(stage, pending, record, forced), pending.Key, null, null, 0, null);
        }

        return [.. outcomes.Values];
    }

    /// <summary>Runs the stages; returns every stage's outcome in execution order.</summary>
    public async Task<IReadOnlyList<StageOutcome>> RunAsync(IReadOnlyList<StageDefinition> stages, IReadOnlySet<string> force, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(force);
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var stage in Order(stages))
        {
            cancellation.ThrowIfCancellationRequested();
            var failedUpstream = stage.Inputs
                .Where(i => i.UpstreamStageId is not null && outcomes[i.UpstreamStageId!].OutputPath is null)
                .Select(i => i.UpstreamStageId!)
                .FirstOrDefault();
            StageOutcome outcome;
            if (failedUpstream is not null)
            {
                outcome = new StageOutcome(stage, StageStatus.Skipped, $"upstream '{failedUpstream}' did not complete", null, null, null, 0, null);
            }
            else
            {
                outcome = await RunOneAsync(stage, force, outcomes, cancellation).ConfigureAwait(false);
            }

            outcomes[stage.Id] = outcome;
            _observer.StageFinished(outcome);
        }

        return [.. outcomes.Values];
    }

    private async Task<StageOutcome> RunOneAsync(StageDefinition stage, IReadOnlySet<string> force, Dictionary<string, StageOutcome> outcomes, CancellationToken cancellation)
    {
        var pending = PendingRecord(stage, outcomes);
        var record = _cache.TryGet(pending.Key);
        var forced = IsForced(stage, force);
        if (record is not null && !forced && !stage.AlwaysRun)
        {
            return new StageOutcome(stage, StageStatus.Hit, "cached", record.Key, record.OutputHash, _cache.ObjectPath(record.OutputHash), record.Seconds, null);
        }

        var reason = WhyRun(stage, pending, record, forced);
        _observer.StageStarted(stage, reason);
        var work = _cache.CreateWorkDirectory();
        var inputs = stage.Inputs.ToDictionary(
            i => i.Name,
            i => i.UpstreamStageId is not null ? outcomes[i.UpstreamStageId].OutputPath! : Path.GetFullPath(i.ExternalPath!),
            StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        using var log = OpenLog(stage);
        await log.WriteLineAsync($"stage {stage.Id} ({reason})").ConfigureAwait(false);
        var progress = new Progress(stage, _observer);
        try
        {
            var checkpoints = _cache.CheckpointDirectory(pending.Key);
            var context = new StageContext(work, inputs, log, progress, _threads, stage.Seed, cancellation) { CheckpointDirectory = checkpoints };
            await stage.Execute(context).ConfigureAwait(false);
            var committed = _cache.Commit(work, pending with { CompletedUtc = DateTimeOffset.UtcNow, Seconds = clock.Elapsed.TotalSeconds }, stage.VolatileOutputs);
            TryDelete(checkpoints);
            await log.WriteLineAsync($"completed in {clock.Elapsed.TotalSeconds:F2} s; output {committed.OutputHash}").ConfigureAwait(false);
            return new StageOutcome(stage, StageStatus.Completed, reason, committed.Key, committed.OutputHash, _cache.ObjectPath(committed.OutputHash), clock.Elapsed.TotalSeconds, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not UserErrorException)
        {
            await log.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            TryDelete(work);
            return new StageOutcome(stage, StageStatus.Failed, reason, pending.Key, null, null, clock.Elapsed.TotalSeconds, e.Message);
        }
        catch
        {
            TryDelete(work);
            throw;
        }
    }

    private StageRecord PendingRecord(StageDefinition stage, Dictionary<string, StageOutcome> outcomes)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in stage.Inputs)
        {
            inputs[input.Name] = input.UpstreamStageId is not null
                ? outcomes[input.UpstreamStageId].OutputHash!
                : HashExternal(stage, input);
        }

        var tools = new SortedDictionary<string, string>(stage.Tools.ToDictionary(), StringComparer.Ordinal);
        var parameters = CanonicalJson.Serialize(stage.Parameters);
        return new StageRecord
        {
            Key = StageCache.ComputeKey(stage.Name, stage.CodeVersion, parameters, inputs, tools, stage.Seed),
            StageId = stage.Id,
            Name = stage.Name,
            CodeVersion = stage.CodeVersion,
            Parameters = parameters,
            Inputs = inputs,
            Tools = tools,
            Seed = stage.Seed,
            OutputHash = string.Empty,
        };
    }

    private string WhyRun(StageDefinition stage, StageRecord pending, StageRecord? hit, bool forced)
    {
        if (forced)
        {
            return $"forced (--force {stage.Name})";
        }

        if (stage.AlwaysRun)
        {
            return "always runs";
        }

        var latest = _cache.Latest(stage.Id);
        var outputsMissing = hit is null && latest?.Key == pending.Key;
        return MissReason.Explain(latest, pending, outputsMissing);
    }

    private string HashExternal(StageDefinition stage, StageInput input)
    {
        var path = Path.GetFullPath(input.ExternalPath!);
        if (_externalHashes.TryGetValue(path, out var hash))
        {
            return hash;
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UserErrorException($"Input '{input.Name}' of stage '{stage.Id}' not found: {path}. Check the path in the config.");
        }

        hash = ContentHasher.HashPath(path);
        _externalHashes[path] = hash;
        return hash;
    }

    private static bool IsForced(StageDefinition stage, IReadOnlySet<string> force) =>
        force.Contains(stage.Name) || force.Contains(stage.Id) || force.Contains("all");

    private StreamWriter OpenLog(StageDefinition stage)
    {
        if (_logDirectory is null)
        {
            return StreamWriter.Null;
        }

        Directory.CreateDirectory(_logDirectory);
        var path = Path.Combine(_logDirectory, stage.Id.Replace('/', '.') + ".log");
        return new StreamWriter(path, append: true) { AutoFlush = true };
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leftover temp folders are harmless; the next run ignores them.
        }
    }

    private sealed class Progress(StageDefinition stage, IRunObserver observer) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => observer.StageProgress(stage, value);
    }
}
