using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;

namespace Research.Tensors.Checkpoints;

/// <summary>
/// A training checkpoint in one safetensors file: register the live objects (modules, extra tensors, Adam/SGD
/// optimisers, random generators), then <see cref="Save"/> them, or <see cref="Load"/> a file into them to resume
/// bit-identically. Optimiser state is keyed by the parameter's checkpoint name ("module.parameter" or the extra
/// tensor's name), so it survives rebuilding the objects, and loading only needs the shapes in the file to match the
/// live tensors (e.g. Gaussians densified before the save: read their tensors with <see cref="ReadTensors"/>,
/// rebuild parameters and optimiser at those sizes, then load). The layout is in docs/engine.md, "Checkpoints".
/// </summary>
/// <typeparam name="T">Element type of the tensors.</typeparam>
public sealed class Checkpoint<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Value of the "format" metadata key that marks a file as a checkpoint.</summary>
    public const string FormatName = "research-tensors-checkpoint";

    /// <summary>Value of the "format_version" metadata key written by this version.</summary>
    public const string FormatVersion = "1";

    private const string ModulePrefix = "modules.";
    private const string TensorPrefix = "tensors.";
    private const string OptimizerPrefix = "optimizers.";
    private const string UserPrefix = "user.";
    private const string RngPrefix = "rng.";

    private readonly List<(string Name, Module<T> Module)> modules = [];
    private readonly List<(string Name, Tensor<T> Tensor)> tensors = [];
    private readonly List<(string Name, object Optimizer)> optimizers = [];
    private readonly List<(string Name, Rng Rng)> rngs = [];
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);

    /// <summary>The training step (saved as metadata "step"; set by <see cref="Load"/>).</summary>
    public long Step { get; set; }

    /// <summary>Free-form string metadata (config hash, notes), saved under "user.&lt;key&gt;"; replaced by <see cref="Load"/>.</summary>
    public Dictionary<string, string> Metadata { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Registers a module: its parameters and buffers are stored as "modules.&lt;name&gt;.&lt;dotted name&gt;".</summary>
    public Checkpoint<T> AddModule(string name, Module<T> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name, "module");
        foreach (var (n, _) in module.NamedParameters().Concat(module.NamedBuffers()))
        {
            ClaimKey($"{name}.{n}");
        }

        modules.Add((name, module));
        return this;
    }

    /// <summary>Registers an extra named tensor (e.g. a Gaussian attribute), stored as "tensors.&lt;name&gt;".</summary>
    public Checkpoint<T> AddTensor(string name, Tensor<T> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ClaimKey(name);
        tensors.Add((name, tensor));
        return this;
    }

    /// <summary>Registers an Adam optimiser; its parameters must be registered through a module or <see cref="AddTensor"/>.</summary>
    public Checkpoint<T> AddOptimizer(string name, Adam<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckName(name, "optimizer");
        optimizers.Add((name, optimizer));
        return this;
    }

    /// <summary>Registers an SGD optimiser (momentum buffers are saved when present).</summary>
    public Checkpoint<T> AddOptimizer(string name, Sgd<T> optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckName(name, "optimizer");
        optimizers.Add((name, optimizer));
        return this;
    }

    /// <summary>Registers a random generator whose state is saved as metadata "rng.&lt;name&gt;".</summary>
    public Checkpoint<T> AddRng(string name, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckName(name, "rng");
        rngs.Add((name, rng));
        return this;
    }

    /// <summary>
    /// Reads the extra tensors ("tensors.*") of a checkpoint as new tensors keyed by name, e.g. to rebuild Gaussians
    /// whose count changed before registering them and loading the rest.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor<T>> ReadTensors(string path)
    {
        using var reader = SafetensorsFile.Open(path);
        CheckFormat(reader);
        var result = new Dictionary<string, Tensor<T>>(StringComparer.Ordinal);
        foreach (var info in reader.Tensors.Where(t => t.Name.StartsWith(TensorPrefix, StringComparison.Ordinal)))
        {
            var values = ToValues(reader.ReadTensor(info.Name), path);
            result[info.Name[TensorPrefix.Length..]] = Tensor.FromArray(values, [.. info.Shape]);
        }

        return result;
    }

    /// <summary>Writes everything registered to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var entries = new List<SafetensorsTensor>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion,
            ["dtype"] = typeof(T) == typeof(float) ? "F32" : "F64",
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, tensor) in Entries())
        {
            entries.Add(ToSafetensors(key, tensor));
        }

        var names = ParameterKeys();
        foreach (var (optName, optimizer) in optimizers)
        {
            var prefix = $"{OptimizerPrefix}{optName}.";
            var groups = GroupsOf(optimizer);
            meta[$"{prefix}type"] = optimizer is Adam<T> ? "adam" : "sgd";
            meta[$"{prefix}groups"] = JsonSerializer.Serialize(groups.Select(g => Describe(g, names, optName)).ToList());
            if (optimizer is Adam<T> adam)
            {
                meta[$"{prefix}decoupled_weight_decay"] = adam.DecoupledWeightDecay ? "true" : "false";
            }

            foreach (var p in groups.SelectMany(g => g.Parameters))
            {
                var key = names[p];
                if (optimizer is Adam<T> a && a.GetState(p) is { } state)
                {
                    entries.Add(SafetensorsTensor.FromInt64($"{prefix}{key}.step", [state.Step], []));
                    entries.Add(ToSafetensors($"{prefix}{key}.exp_avg", state.ExpAvg));
                    entries.Add(ToSafetensors($"{prefix}{key}.exp_avg_sq", state.ExpAvgSq));
                }
                else if (optimizer is Sgd<T> s && s.GetMomentumBuffer(p) is { } buffer)
                {
                    entries.Add(ToSafetensors($"{prefix}{key}.momentum_buffer", buffer));
                }
            }
        }

        foreach (var (name, rng) in rngs)
        {
            meta[RngPrefix + name] = rng.State.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in Metadata)
        {
            meta[UserPrefix + key] = value;
        }

        SafetensorsFile.Write(path, entries, meta);
    }

    /// <summary>
    /// Loads <paramref name="path"/> into the registered objects. Every problem (missing, unexpected or mis-shaped
    /// tensors, optimiser groups that differ, a file that is not a checkpoint) is collected and reported in one
    /// <see cref="InvalidDataException"/> naming the file, and nothing is modified unless everything fits.
    /// With <paramref name="strict"/> false, missing and unexpected entries are tolerated (shapes must still match).
    /// </summary>
    public void Load(string path, bool strict = true)
    {
        using var reader = SafetensorsFile.Open(path);
        var meta = CheckFormat(reader);
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<Action>();

        void Plan(string key, Tensor<T> target)
        {
            if (!reader.Contains(key))
            {
                if (strict)
                {
                    problems.Add($"missing tensor '{key}' (expected shape {Tensor<T>.FormatShape(target.Shape)})");
                }

                return;
            }

            used.Add(key);
            var info = reader.GetInfo(key);
            if (!info.Shape.SequenceEqual(target.Shape))
            {
                problems.Add($"tensor '{key}' has shape {Tensor<T>.FormatShape(info.Shape)} in the file but {Tensor<T>.FormatShape(target.Shape)} here");
                return;
            }

            actions.Add(() => CopyInto(ToValues(reader.ReadTensor(key), path), target));
        }

        foreach (var (key, tensor) in Entries())
        {
            Plan(key, tensor);
        }

        var names = ParameterKeys();
        foreach (var (optName, optimizer) in optimizers)
        {
            PlanOptimizer(reader, meta, optName, optimizer, names, strict, problems, used, actions, Plan);
        }

        var newStep = meta.TryGetValue("step", out var stepText) && long.TryParse(stepText, CultureInfo.InvariantCulture, out var st) ? st : 0;
        foreach (var (name, rng) in rngs)
        {
            if (meta.TryGetValue(RngPrefix + name, out var text) && ulong.TryParse(text, CultureInfo.InvariantCulture, out var state))
            {
                actions.Add(() => rng.State = state);
            }
            else if (strict)
            {
                problems.Add($"missing rng state '{RngPrefix}{name}'");
            }
        }

        if (strict)
        {
            problems.AddRange(reader.Tensors.Where(t => !used.Contains(t.Name)).Select(t => $"unexpected tensor '{t.Name}' {Tensor<T>.FormatShape(t.Shape)}"));
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{path}: checkpoint does not fit the registered objects:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        foreach (var action in actions)
        {
            action();
        }

        Step = newStep;
        Metadata = meta.Where(kv => kv.Key.StartsWith(UserPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[UserPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }

    private void PlanOptimizer(
        SafetensorsReader reader,
        IReadOnlyDictionary<string, string> meta,
        string optName,
        object optimizer,
        Dictionary<Tensor<T>, string> names,
        bool strict,
        List<string> problems,
        HashSet<string> used,
        List<Action> actions,
        Action<string, Tensor<T>> plan)
    {
        var prefix = $"{OptimizerPrefix}{optName}.";
        var type = optimizer is Adam<T> ? "adam" : "sgd";
        if (!meta.TryGetValue($"{prefix}type", out var savedType) || !meta.TryGetValue($"{prefix}groups", out var groupsJson))
        {
            if (strict)
            {
                problems.Add($"missing optimizer '{optName}'");
            }

            return;
        }

        if (savedType != type)
        {
            problems.Add($"optimizer '{optName}' is {savedType} in the file but {type} here");
            return;
        }

        var groups = GroupsOf(optimizer);
        var unnamed = groups.SelectMany(g => g.Parameters).FirstOrDefault(p => !names.ContainsKey(p));
        if (unnamed is not null)
        {
            problems.Add($"optimizer '{optName}' holds a parameter of shape {Tensor<T>.FormatShape(unnamed.Shape)} that belongs to no registered module or tensor");
            return;
        }

        List<GroupRecord> saved;
        try
        {
            saved = JsonSerializer.Deserialize<List<GroupRecord>>(groupsJson) ?? [];
        }
        catch (JsonException e)
        {
            problems.Add($"optimizer '{optName}': metadata '{prefix}groups' is not valid JSON ({e.Message})");
            return;
        }

        if (saved.Count != groups.Count)
        {
            problems.Add($"optimizer '{optName}' has {saved.Count} parameter groups in the file but {groups.Count} here");
            return;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var record = saved[i];
            var here = group.Parameters.Select(p => names[p]).ToList();
            if (!here.SequenceEqual(record.Params ?? []))
            {
                problems.Add($"optimizer '{optName}' group {i} holds [{string.Join(", ", record.Params ?? [])}] in the file but [{string.Join(", ", here)}] here");
                continue;
            }

            actions.Add(() =>
            {
                group.Lr = record.Lr;
                group.Beta1 = record.Betas is [var b1, _] ? b1 : group.Beta1;
                group.Beta2 = record.Betas is [_, var b2] ? b2 : group.Beta2;
                group.Eps = record.Eps;
                group.WeightDecay = record.WeightDecay;
                group.Momentum = record.Momentum;
                group.Name = record.Name ?? "";
            });

            foreach (var p in group.Parameters)
            {
                var key = $"{prefix}{names[p]}";
                if (optimizer is Adam<T> adam && reader.Contains($"{key}.step"))
                {
                    used.Add($"{key}.step");
                    var step = reader.ReadTensor($"{key}.step").ToInt64().FirstOrDefault();
                    var m = new Tensor<T>(p.ShapeArray.ToArray());
                    var v = new Tensor<T>(p.ShapeArray.ToArray());
                    var before = problems.Count;
                    plan($"{key}.exp_avg", m);
                    plan($"{key}.exp_avg_sq", v);
                    if (problems.Count == before)
                    {
                        var parameter = p;
                        actions.Add(() => adam.SetState(parameter, new AdamParameterState<T>(step, m, v)));
                    }
                }
                else if (optimizer is Sgd<T> sgd && reader.Contains($"{key}.momentum_buffer"))
                {
                    var buffer = new Tensor<T>(p.ShapeArray.ToArray());
                    var before = problems.Count;
                    plan($"{key}.momentum_buffer", buffer);
                    if (problems.Count == before)
                    {
                        var parameter = p;
                        actions.Add(() => sgd.SetMomentumBuffer(parameter, buffer));
                    }
                }
            }
        }

        if (optimizer is Adam<T> a && meta.TryGetValue($"{prefix}decoupled_weight_decay", out var decoupled)
            && decoupled != (a.DecoupledWeightDecay ? "true" : "false"))
        {
            problems.Add($"optimizer '{optName}' has decoupled_weight_decay {decoupled} in the file but {(a.DecoupledWeightDecay ? "true" : "false")} here");
        }
    }

    private static IReadOnlyDictionary<string, string> CheckFormat(SafetensorsReader reader)
    {
        var meta = reader.Metadata;
        if (meta is null || !meta.TryGetValue("format", out var format) || format != FormatName)
        {
            throw new InvalidDataException($"{reader.Path}: not a checkpoint (safetensors metadata key 'format' is not '{FormatName}').");
        }

        if (!meta.TryGetValue("format_version", out var version) || version != FormatVersion)
        {
            throw new InvalidDataException($"{reader.Path}: checkpoint format version '{version}' is not supported (expected '{FormatVersion}').");
        }

        return meta;
    }

    private static IReadOnlyList<ParameterGroup<T>> GroupsOf(object optimizer) =>
        optimizer is Adam<T> adam ? adam.Groups : ((Sgd<T>)optimizer).Groups;

    private static GroupRecord Describe(ParameterGroup<T> group, Dictionary<Tensor<T>, string> names, string optName) => new()
    {
        Name = group.Name,
        Lr = group.Lr,
        Betas = [group.Beta1, group.Beta2],
        Eps = group.Eps,
        WeightDecay = group.WeightDecay,
        Momentum = group.Momentum,
        Params = [.. group.Parameters.Select(p => names.TryGetValue(p, out var n) ? n : throw new InvalidOperationException($"Checkpoint: optimizer '{optName}' holds a parameter of shape {Tensor<T>.FormatShape(p.Shape)} that belongs to no registered module or tensor."))],
    };

    private static SafetensorsTensor ToSafetensors(string name, Tensor<T> tensor)
    {
        var values = tensor.ToArray();
        return typeof(T) == typeof(float)
            ? SafetensorsTensor.FromFloat32(name, MemoryMarshal.Cast<T, float>(values), tensor.Shape)
            : SafetensorsTensor.FromFloat64(name, MemoryMarshal.Cast<T, double>(values), tensor.Shape);
    }

    private static T[] ToValues(SafetensorsTensor tensor, string path)
    {
        try
        {
            return typeof(T) == typeof(float)
                ? MemoryMarshal.Cast<float, T>(tensor.ToFloat32()).ToArray()
                : [.. tensor.ToFloat64().Select(T.CreateChecked)];
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static void CopyInto(T[] values, Tensor<T> target) =>
        Tensor<T>.StridedCopy(target.ShapeArray, values, 0, Tensor<T>.ContiguousStrides(target.ShapeArray), target.Storage, target.Offset, target.StrideArray);

    /// <summary>Every registered tensor with its file name.</summary>
    private IEnumerable<(string Key, Tensor<T> Tensor)> Entries()
    {
        foreach (var (name, module) in modules)
        {
            foreach (var (n, t) in module.NamedParameters().Concat(module.NamedBuffers()))
            {
                yield return ($"{ModulePrefix}{name}.{n}", t);
            }
        }

        foreach (var (name, t) in tensors)
        {
            yield return (TensorPrefix + name, t);
        }
    }

    /// <summary>Each registered tensor's optimiser key: "module.parameter" or the extra tensor's name (first registration wins).</summary>
    private Dictionary<Tensor<T>, string> ParameterKeys()
    {
        var result = new Dictionary<Tensor<T>, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in modules)
        {
            foreach (var (n, t) in module.NamedParameters().Concat(module.NamedBuffers()))
            {
                result.TryAdd(t, $"{name}.{n}");
            }
        }

        foreach (var (name, t) in tensors)
        {
            result.TryAdd(t, name);
        }

        return result;
    }

    private void CheckName(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Checkpoint: {what} name '{name}' must not contain a dot.", nameof(name));
        }

        var taken = what switch
        {
            "module" => modules.Any(m => m.Name == name),
            "optimizer" => optimizers.Any(o => o.Name == name),
            _ => rngs.Any(r => r.Name == name),
        };
        if (taken)
        {
            throw new ArgumentException($"Checkpoint: {what} name '{name}' is already registered.", nameof(name));
        }
    }

    private void ClaimKey(string key)
    {
        if (!keys.Add(key))
        {
            throw new ArgumentException($"Checkpoint: name '{key}' is already registered (module parameters and extra tensors share one namespace).", nameof(key));
        }
    }
}
