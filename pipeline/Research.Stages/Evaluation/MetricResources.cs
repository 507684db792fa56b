using Research.Metrics.ActionUnits;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Image;
using Research.Metrics.Lpips;
using Research.Metrics.Sync;
using Research.Pipeline.Errors;
using Research.Stages.Experiments;

namespace Research.Stages.Evaluation;

/// <summary>
/// The weight files and tools the configured metrics need, found once per run: which are present (by hash, so the
/// evaluate stage's cache key changes when weights appear or change) and, for each missing one, the one-line hint.
/// Networks are loaded on first use and shared by every job.
/// </summary>
public sealed class MetricResources
{
    private readonly MetricsOptions options;
    private readonly Lazy<LpipsMetric?> lpips;
    private readonly Lazy<SyncNetModel?> syncNet;

    private MetricResources(MetricsOptions options, LpipsWeightFiles? lpipsFiles, IReadOnlyList<WeightFile> lpipsWeights, WeightFile? syncNetWeights, IReadOnlyList<UnavailableMetric> unavailable)
    {
        this.options = options;
        LpipsWeights = lpipsWeights;
        SyncNetWeights = syncNetWeights;
        Unavailable = unavailable;
        lpips = new Lazy<LpipsMetric?>(() => lpipsFiles is null ? null : Load(lpipsWeights, () =>
            new LpipsMetric(LpipsVariant.Find(options.Lpips.Variant)!, LpipsNetwork.Load(lpipsFiles.Net, lpipsFiles.TrunkPath!, lpipsFiles.LinPath!), lpipsWeights)));
        syncNet = new Lazy<SyncNetModel?>(() => syncNetWeights is null ? null : Load([syncNetWeights], () => SyncNetModel.Load(syncNetWeights.Path)));
    }

    /// <summary>The LPIPS trunk and lin files (empty when LPIPS is off or they are missing).</summary>
    public IReadOnlyList<WeightFile> LpipsWeights { get; }

    /// <summary>The SyncNet file (null when Sync is off or it is missing).</summary>
    public WeightFile? SyncNetWeights { get; }

    /// <summary>Metrics that are enabled but cannot run, with the one-line hint (which files, where from, licence).</summary>
    public IReadOnlyList<UnavailableMetric> Unavailable { get; }

    /// <summary>What the evaluate stage's results depend on besides its inputs: the options and the weights' hashes.</summary>
    public object Fingerprint => new
    {
        Options = options,
        Lpips = LpipsWeights.Select(w => w.Sha256).ToArray(),
        SyncNet = SyncNetWeights?.Sha256,
    };

    /// <summary>Looks for every file the enabled metrics need and hashes the ones present.</summary>
    public static MetricResources Resolve(MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unavailable = new List<UnavailableMetric>();
        LpipsWeightFiles? lpipsFiles = null;
        IReadOnlyList<WeightFile> lpipsWeights = [];
        if (options.Lpips.Enabled)
        {
            var variant = LpipsVariant.Find(options.Lpips.Variant)!;
            var files = Metrics.Lpips.LpipsWeights.Locate(variant.Net, options.Lpips.Weights);
            if (files.IsComplete)
            {
                lpipsFiles = files;
                lpipsWeights = [Describe(files.TrunkPath!), Describe(files.LinPath!)];
            }
            else
            {
                unavailable.Add(new UnavailableMetric { Metric = "lpips", Reason = files.Hint! });
            }
        }

        WeightFile? syncNetWeights = null;
        if (options.Syncnet.Enabled)
        {
            var path = Metrics.Sync.SyncNetWeights.Locate(options.Syncnet.Weights, out var expected);
            if (path is null)
            {
                unavailable.Add(new UnavailableMetric { Metric = "sync", Reason = Metrics.Sync.SyncNetWeights.MissingMessage(expected) });
            }
            else
            {
                syncNetWeights = Describe(path);
            }
        }

        if (options.Openface.Path is null)
        {
            AddOpenFace(options.Openface, unavailable, "OpenFace 2.2 FeatureExtraction (https://github.com/TadasBaltrusaitis/OpenFace, academic non-commercial licence): install it and set metrics.openface.path.");
        }
        else if (!File.Exists(options.Openface.Path) && (options.Openface.Path.Contains('/', StringComparison.Ordinal) || options.Openface.Path.Contains('\\', StringComparison.Ordinal)))
        {
            AddOpenFace(options.Openface, unavailable, $"OpenFace, but metrics.openface.path '{options.Openface.Path}' does not exist: give the path of OpenFace 2.2's FeatureExtraction binary.");
        }

        return new MetricResources(options, lpipsFiles, lpipsWeights, syncNetWeights, unavailable);
    }

    /// <summary>The library settings for one evaluation; loads the networks on first call.</summary>
    public ClipMetricsSetup CreateSetup(int threads, BootstrapOptions bootstrap)
    {
        ArgumentNullException.ThrowIfNull(bootstrap);
        var openFaceReady = options.Openface.Path is not null && !Unavailable.Any(u => u.Metric is "aue" or "lmd");
        return new ClipMetricsSetup
        {
            Image = new ImageMetricsOptions
            {
                SsimVariant = SsimVariantExtensions.Parse(options.SsimVariant),
                MaxDegreeOfParallelism = threads,
                Bootstrap = bootstrap,
                Lpips = lpips.Value,
            },
            SyncNet = syncNet.Value,
            SyncNetWeights = SyncNetWeights,
            SyncCrop = options.Syncnet.Crop switch
            {
                "face-crop" => SyncCropMode.FaceCrop,
                "resize224" => SyncCropMode.Resize224,
                _ => null,
            },
            OpenFace = openFaceReady ? new OpenFaceRunner(options.Openface.Path!) : null,
            Aue = options.Openface.Aue,
            Lmd = options.Openface.Lmd,
            Unavailable = Unavailable,
        };
    }

    private static void AddOpenFace(OpenFaceOptions openFace, List<UnavailableMetric> unavailable, string reason)
    {
        if (openFace.Aue)
        {
            unavailable.Add(new UnavailableMetric { Metric = "aue", Reason = Subject(openFace) + reason });
        }

        if (openFace.Lmd)
        {
            unavailable.Add(new UnavailableMetric { Metric = "lmd", Reason = Subject(openFace) + reason });
        }
    }

    // One footnote for both metrics when both are on.
    private static string Subject(OpenFaceOptions openFace) => openFace.Aue && openFace.Lmd ? "AUE and LMD need " : openFace.Aue ? "AUE needs " : "LMD needs ";

    private static WeightFile Describe(string path)
    {
        try
        {
            return WeightFile.Describe(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"Cannot read weight file '{path}': {e.Message}", e);
        }
    }

    // A present but broken weight file is the user's to fix: name it rather than crash.
    private static T Load<T>(IReadOnlyList<WeightFile> files, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"Weight file {string.Join(" / ", files.Select(f => f.Path))} could not be loaded: {e.Message} See docs/weights.md for the expected files.", e);
        }
    }
}
