using Research.Methods;
using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>
/// Composes an experiment file (defaults list, group files, overrides), binds it strictly, and expands the sweep
/// datasets × methods × variants × seeds into <see cref="JobSpec"/>s.
/// </summary>
public sealed class ExperimentLoader
{
    /// <summary>Key in a method entry naming the registered method (defaults to the entry name).</summary>
    public const string MethodKey = "method";

    /// <summary>Key in a method entry holding named variants (each a set of option deltas).</summary>
    public const string VariantsKey = "variants";

    /// <summary>Variant name used when a method declares none.</summary>
    public const string DefaultVariant = "default";

    /// <summary>Entry groups of the experiment schema.</summary>
    public static IReadOnlyList<EntryGroup> EntryGroups { get; } = [new("datasets", "dataset"), new("methods", "method")];

    private readonly MethodRegistry _registry;

    /// <summary>Creates a loader over a method registry.</summary>
    public ExperimentLoader(MethodRegistry registry) => _registry = registry;

    /// <summary>Loads an experiment; every user mistake is a <see cref="ConfigException"/>.</summary>
    public LoadedExperiment Load(string experimentPath, IReadOnlyList<string> overrides, string? configRoot = null)
    {
        ArgumentNullException.ThrowIfNull(experimentPath);
        if (!File.Exists(experimentPath))
        {
            throw new ConfigException(new SourceLocation(experimentPath, 0, 0), "experiment file not found. Runnable studies live in experiments/, e.g. experiments/quickstart.yaml.");
        }

        configRoot ??= ConfigComposer.FindConfigRoot(experimentPath) ?? Path.Combine(Directory.GetCurrentDirectory(), "configs");
        var composer = new ConfigComposer(configRoot, EntryGroups);
        var composed = composer.Compose(experimentPath, overrides);
        var config = ConfigBinder.Bind<ExperimentConfig>(composed.Root);
        var name = config.Experiment.Name ?? Path.GetFileNameWithoutExtension(experimentPath);
        var jobs = new List<JobSpec>();
        var methodsNode = (ConfigMapping)composed.Root.Get("methods")!;
        foreach (var dataset in config.Datasets.Keys)
        {
            foreach (var (entry, node) in config.Methods)
            {
                var location = methodsNode.KeyLocation(entry);
                foreach (var (variant, options, spec) in ExpandMethod(entry, node, location))
                {
                    for (var s = 0; s < config.Experiment.Seeds; s++)
                    {
                        jobs.Add(new JobSpec(dataset, entry, variant, s, spec, options));
                    }
                }
            }
        }

        return new LoadedExperiment(name, composed, config, jobs);
    }

    private IEnumerable<(string Variant, object Options, MethodSpecification Spec)> ExpandMethod(string entry, ConfigNode node, SourceLocation location)
    {
        var path = $"methods.{entry}";
        var mapping = node as ConfigMapping ?? throw new ConfigException(node.Location, $"'{path}' must be a mapping.");
        var methodName = entry;
        if (mapping.TryGet(MethodKey, out var methodNode))
        {
            methodName = (methodNode as ConfigScalar)?.Value ?? throw new ConfigException(methodNode.Location, $"'{path}.{MethodKey}' must name a method.");
            location = methodNode.Location;
        }

        if (!_registry.TryGet(methodName, out var spec))
        {
            throw new ConfigException(location, $"unknown method '{methodName}'.{Suggestions.DidYouMean(methodName, _registry.Names)} Known methods: {string.Join(", ", _registry.Names)}.");
        }

        var baseOptions = (ConfigMapping)mapping.Clone();
        baseOptions.Remove(MethodKey);
        baseOptions.Remove(VariantsKey);
        if (!mapping.TryGet(VariantsKey, out var variantsNode))
        {
            yield return (DefaultVariant, ConfigBinder.Bind(spec.OptionsType, baseOptions, path)!, spec);
            yield break;
        }

        if (variantsNode is not ConfigMapping variants || variants.Count == 0)
        {
            throw new ConfigException(variantsNode.Location, $"'{path}.{VariantsKey}' must map variant names to option deltas, e.g.\n  variants:\n    default: {{}}\n    k3: {{neighbours: 3}}");
        }

        foreach (var (variant, delta) in variants.Entries)
        {
            var deltaNode = delta is ConfigScalar { IsNull: true } ? new ConfigMapping(delta.Location) : delta;
            var merged = ConfigMerger.Merge(baseOptions, deltaNode);
            yield return (variant, ConfigBinder.Bind(spec.OptionsType, merged, $"{path}.{VariantsKey}.{variant}")!, spec);
        }
    }
}
