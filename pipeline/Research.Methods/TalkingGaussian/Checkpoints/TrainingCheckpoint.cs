using System.Globalization;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Splatting.Gaussians;
using Research.Splatting.Ply;
using Research.Tensors;
using Research.Tensors.Checkpoints;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;

namespace Research.Methods.TalkingGaussian.Checkpoints;

/// <summary>
/// The trainer's resumable state in one <see cref="Checkpoint{T}"/> file, <c>checkpoint.safetensors</c> in the
/// checkpoint folder (overwritten atomically, only the latest is kept). Holds the stage (mouth, face, fuse) and its
/// iteration, the Gaussians of every branch trained so far (tensors <c>&lt;branch&gt;.xyz</c> … plus densification
/// statistics <c>&lt;branch&gt;.grad_accum</c>, <c>.denom</c>, <c>.max_radii2d</c>; SH degree as metadata), the motion
/// networks, the current stage's optimisers, its random generators and frame-stack contents, the progress counter and
/// how many curve rows precede it. A fingerprint of the options and seed guards against resuming another config.
/// </summary>
internal sealed class TrainingCheckpoint
{
    /// <summary>File name inside the checkpoint folder.</summary>
    public const string FileName = "checkpoint.safetensors";

    private static readonly string[] Stages = ["mouth", "face", "fuse"];

    private static readonly string[] GaussianNames = ["xyz", "f_dc", "f_rest", "opacity", "scaling", "rotation"];

    private readonly IReadOnlyDictionary<string, string> metadata;
    private IReadOnlyDictionary<string, Tensor<float>>? tensors;

    private TrainingCheckpoint(string path, IReadOnlyDictionary<string, string> metadata, string stage, int iteration, long done, int curveRows)
    {
        Path = path;
        this.metadata = metadata;
        Stage = stage;
        Iteration = iteration;
        Done = done;
        CurveRows = curveRows;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>mouth, face or fuse.</summary>
    public string Stage { get; }

    /// <summary>Position of <see cref="Stage"/> in training order (mouth 0, face 1, fuse 2).</summary>
    public int StageIndex => Array.IndexOf(Stages, Stage);

    /// <summary>The last completed iteration of <see cref="Stage"/> (1-based).</summary>
    public int Iteration { get; }

    /// <summary>Iterations completed over all stages (the progress counter).</summary>
    public long Done { get; }

    /// <summary>Training-curve rows written up to this checkpoint.</summary>
    public int CurveRows { get; }

    /// <summary>Fingerprint of everything that changes the result: options (without log and checkpoint intervals) and seed.</summary>
    public static string Fingerprint(Method.TalkingGaussianOptions options, int seed) =>
        System.Text.Json.JsonSerializer.Serialize(options with { LogInterval = 0 }) + "|seed=" + seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The checkpoint in <paramref name="directory"/> when there is one written for <paramref name="fingerprint"/>;
    /// otherwise null (a checkpoint of another config or an unreadable file is reported on <paramref name="log"/> and ignored).
    /// </summary>
    public static TrainingCheckpoint? TryOpen(string? directory, string fingerprint, int threads, TextWriter log)
    {
        if (directory is null)
        {
            return null;
        }

        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = SafetensorsFile.Open(path);
            var meta = reader.Metadata ?? new Dictionary<string, string>();
            string Get(string key) => meta.TryGetValue("user." + key, out var v) ? v : throw new InvalidDataException($"{path}: metadata 'user.{key}' is missing.");
            if (meta.GetValueOrDefault("format") != Checkpoint<float>.FormatName || Get("method") != "talking-gaussian")
            {
                throw new InvalidDataException($"{path}: not a talking-gaussian checkpoint.");
            }

            if (Get("fingerprint") != fingerprint)
            {
                log.WriteLine($"notice: ignoring checkpoint {path}: it was written for other options or another seed; training starts from the beginning.");
                return null;
            }

            var stage = Get("stage");
            if (!Stages.Contains(stage))
            {
                throw new InvalidDataException($"{path}: unknown stage '{stage}'.");
            }

            var user = meta.Where(kv => kv.Key.StartsWith("user.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[5..], kv => kv.Value, StringComparer.Ordinal);
            var saved = int.Parse(Get("threads"), CultureInfo.InvariantCulture);
            if (saved != threads)
            {
                log.WriteLine($"notice: checkpoint {path} was written with {saved} threads, this run uses {threads}; the result may differ in the last bits from an uninterrupted run.");
            }

            return new TrainingCheckpoint(
                path,
                user,
                stage,
                int.Parse(Get("iteration"), CultureInfo.InvariantCulture),
                long.Parse(meta.GetValueOrDefault("step") ?? "0", CultureInfo.InvariantCulture),
                int.Parse(Get("curve_rows"), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException)
        {
            log.WriteLine($"warning: ignoring unreadable checkpoint {path} ({e.Message}); training starts from the beginning.");
            return null;
        }
    }

    /// <summary>Writes <paramref name="state"/> with the stage, iteration and bookkeeping as <see cref="FileName"/> in <paramref name="directory"/>.</summary>
    public static string Save(string directory, Checkpoint<float> state, string stage, int iteration, long done, int curveRows, string fingerprint, int threads)
    {
        Directory.CreateDirectory(directory);
        var c = CultureInfo.InvariantCulture;
        state.Step = done;
        state.Metadata["method"] = "talking-gaussian";
        state.Metadata["stage"] = stage;
        state.Metadata["iteration"] = iteration.ToString(c);
        state.Metadata["curve_rows"] = curveRows.ToString(c);
        state.Metadata["fingerprint"] = fingerprint;
        state.Metadata["threads"] = threads.ToString(c);
        var path = System.IO.Path.Combine(directory, FileName);
        state.Save(path);
        return path;
    }

    /// <summary>Registers a Gaussian field as tensors <c>&lt;prefix&gt;.xyz</c> … with its densification statistics and SH degree.</summary>
    public static Checkpoint<float> AddGaussians(Checkpoint<float> checkpoint, string prefix, GaussianModel model)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.Parameters;
        for (var i = 0; i < GaussianNames.Length; i++)
        {
            checkpoint.AddTensor($"{prefix}.{GaussianNames[i]}", parameters[i]);
        }

        var n = model.Count;
        checkpoint.AddTensor($"{prefix}.grad_accum", Tensor.FromArray(model.Stats.GradientAccum, n));
        checkpoint.AddTensor($"{prefix}.denom", Tensor.FromArray(model.Stats.Denom, n));
        checkpoint.AddTensor($"{prefix}.max_radii2d", Tensor.FromArray(model.Stats.MaxRadii2D, n));
        checkpoint.Metadata[$"{prefix}.sh_degree"] = model.ActiveShDegree.ToString(CultureInfo.InvariantCulture);
        return checkpoint;
    }

    /// <summary>Registers the inside-mouth branch (Gaussians as <c>mouth.*</c>, network as module <c>mouth_motion</c>) when the variant has one.</summary>
    public static Checkpoint<float> AddMouth(Checkpoint<float> checkpoint, GaussianModel? mouth, Module<float>? network)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (mouth is not null)
        {
            AddGaussians(checkpoint, "mouth", mouth);
        }

        return network is null ? checkpoint : checkpoint.AddModule("mouth_motion", network);
    }

    /// <summary>The six trained tensors of a Gaussian field named <c>&lt;prefix&gt;.xyz</c>, <c>.f_dc</c>, <c>.f_rest</c>, <c>.opacity</c>, <c>.scaling</c>, <c>.rotation</c>.</summary>
    public static IEnumerable<(string Name, Tensor<float> Tensor)> Named(string prefix, GaussianModel model) =>
        model.Parameters.Select((p, i) => ($"{prefix}.{GaussianNames[i]}", p));

    /// <summary>A module's parameters named <c>&lt;prefix&gt;.&lt;state-dict name&gt;</c>.</summary>
    public static IEnumerable<(string Name, Tensor<float> Tensor)> Named(string prefix, Module<float> module) =>
        module.NamedParameters().Select(p => ($"{prefix}.{p.Name}", p.Tensor));

    /// <summary>Registers a frame stack: its generator as rng <paramref name="name"/> and the frames left in its pass as metadata.</summary>
    public static Checkpoint<float> AddFrameStack(Checkpoint<float> checkpoint, string name, ShuffledFrameStack stack, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(stack);
        checkpoint.AddRng(name, rng);
        checkpoint.Metadata[$"{name}.remaining"] = string.Join(',', stack.GetRemaining().Select(f => f.ToString(CultureInfo.InvariantCulture)));
        return checkpoint;
    }

    /// <summary>Rebuilds the Gaussian field <paramref name="prefix"/> at its saved size, SH degree and statistics.</summary>
    public GaussianModel Gaussians(string prefix, int maxShDegree)
    {
        tensors ??= Checkpoint<float>.ReadTensors(Path);
        float[] Get(string name) => tensors.TryGetValue($"{prefix}.{name}", out var t) ? t.ToArray() : throw new InvalidDataException($"{Path}: tensor '{prefix}.{name}' is missing.");
        var xyz = Get("xyz");
        var model = GaussianModel.FromPlyData(
            new GaussianPlyData(xyz.Length / 3, maxShDegree, xyz, Get("f_dc"), Get("f_rest"), Get("opacity"), Get("scaling"), Get("rotation")),
            ScaleActivation.Softplus);
        model.SetActiveShDegree(int.Parse(metadata[$"{prefix}.sh_degree"], CultureInfo.InvariantCulture));
        Get("grad_accum").CopyTo(model.Stats.GradientAccum, 0);
        Get("denom").CopyTo(model.Stats.Denom, 0);
        Get("max_radii2d").CopyTo(model.Stats.MaxRadii2D, 0);
        return model;
    }

    /// <summary>Loads a finished branch's motion network (module <paramref name="name"/>) into <paramref name="module"/>.</summary>
    public void LoadModule(string name, Module<float> module) => new Checkpoint<float>().AddModule(name, module).Load(Path, strict: false);

    /// <summary>Loads everything registered in <paramref name="state"/> (strict: the registration must match the file's).</summary>
    public void Load(Checkpoint<float> state) => state.Load(Path);

    /// <summary>Restores a frame stack registered with <see cref="AddFrameStack"/> (its rng comes back through <see cref="Load"/>).</summary>
    public void RestoreFrameStack(string name, ShuffledFrameStack stack)
    {
        var text = metadata.TryGetValue($"{name}.remaining", out var t) ? t : throw new InvalidDataException($"{Path}: metadata '{name}.remaining' is missing.");
        stack.SetRemaining(text.Length == 0 ? [] : [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]);
    }
}
