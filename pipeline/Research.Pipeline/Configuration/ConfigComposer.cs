namespace Research.Pipeline.Configuration;

/// <summary>
/// Hydra-style composition. An experiment file may start with a <c>defaults</c> list; each entry
/// <c>- group: option</c> loads <c>configs/group/option.yaml</c> under the key <c>group</c>, and <c>_self_</c> marks
/// where the experiment's own values merge (last when absent); later entries win. Command-line overrides apply next.
/// Finally each entry of an <see cref="EntryGroup"/> is merged over its base file, so an entry holds only deltas.
/// </summary>
public sealed class ConfigComposer
{
    /// <summary>Key of the defaults list.</summary>
    public const string DefaultsKey = "defaults";

    /// <summary>Schema version key: required in experiments, optional in group files (where it must match).</summary>
    public const string SchemaVersionKey = "schema_version";

    /// <summary>Key inside an entry that names its base file (defaults to the entry name).</summary>
    public const string UseKey = "use";

    private readonly IReadOnlyList<EntryGroup> _entryGroups;

    /// <summary>Creates a composer over a config root folder.</summary>
    public ConfigComposer(string configRoot, IReadOnlyList<EntryGroup> entryGroups)
    {
        ConfigRoot = configRoot;
        _entryGroups = entryGroups;
    }

    /// <summary>The folder holding config groups (<c>configs/</c>).</summary>
    public string ConfigRoot { get; }

    /// <summary>
    /// Finds <c>configs/</c> for an experiment: the nearest ancestor folder of the experiment file (or of the current
    /// directory) that contains one.
    /// </summary>
    public static string? FindConfigRoot(string experimentPath)
    {
        foreach (var start in new[] { Path.GetDirectoryName(Path.GetFullPath(experimentPath)), Directory.GetCurrentDirectory() })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "configs");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Composes an experiment file with overrides.</summary>
    public ComposedConfig Compose(string experimentPath, IReadOnlyList<string> overrideTexts)
    {
        ArgumentNullException.ThrowIfNull(overrideTexts);
        var sources = new List<string> { experimentPath };
        var self = YamlConfigReader.ReadFile(experimentPath) as ConfigMapping
            ?? throw new ConfigException(new SourceLocation(experimentPath, 1, 1), "an experiment file must be a mapping of keys to values.");
        var overrides = overrideTexts.Select(ConfigOverride.Parse).ToList();

        var defaults = ReadDefaultsList(self);
        ApplyGroupSelections(defaults, overrides);

        ConfigNode root = new ConfigMapping(self.Location);
        var selfMerged = false;
        foreach (var entry in defaults)
        {
            if (entry.IsSelf)
            {
                root = ConfigMerger.Merge(root, WithoutDefaults(self));
                selfMerged = true;
                continue;
            }

            if (entry.Option is null)
            {
                continue;
            }

            var file = GroupFile(entry.Group, entry.Option, entry.Location);
            sources.Add(file);
            var groupNode = ReadGroupFile(file, self);
            var wrapper = new ConfigMapping(groupNode.Location);
            wrapper.Set(entry.Group, groupNode);
            root = ConfigMerger.Merge(root, wrapper);
        }

        if (!selfMerged)
        {
            root = ConfigMerger.Merge(root, WithoutDefaults(self));
        }

        var mapping = (ConfigMapping)root;
        foreach (var o in overrides.Where(o => !o.IsGroupSelection()))
        {
            if (o.Kind == ConfigOverrideKind.Delete)
            {
                ConfigPath.Delete(mapping, o.Keys, o.Location);
            }
            else
            {
                ConfigPath.Set(mapping, o.Keys, o.Value!, o.Location);
            }
        }

        foreach (var group in _entryGroups)
        {
            ExpandEntries(mapping, group, sources);
        }

        return new ComposedConfig(mapping, experimentPath, ConfigRoot, overrides, sources);
    }

    /// <summary>The options available in a group (file names without extension).</summary>
    public IReadOnlyList<string> GroupOptions(string group)
    {
        var dir = Path.Combine(ConfigRoot, group);
        return Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    private void ExpandEntries(ConfigMapping root, EntryGroup group, List<string> sources)
    {
        if (!root.TryGet(group.Key, out var node))
        {
            return;
        }

        if (node is not ConfigMapping entries)
        {
            throw new ConfigException(node.Location, $"'{group.Key}' must be a mapping of names to settings, e.g.\n  {group.Key}:\n    my-entry: {{}}");
        }

        var expanded = new ConfigMapping(entries.Location);
        foreach (var (name, value) in entries.Entries)
        {
            var entryLocation = entries.KeyLocation(name);
            var entry = value switch
            {
                ConfigMapping m => m,
                ConfigScalar s when s.IsNull => new ConfigMapping(s.Location),
                _ => throw new ConfigException(value.Location, $"'{group.Key}.{name}' must be a mapping (use {{}} for all defaults), not {value.KindName}."),
            };

            string? use = null;
            var explicitUse = entry.TryGet(UseKey, out var useNode);
            if (explicitUse)
            {
                use = (useNode as ConfigScalar)?.Value ?? throw new ConfigException(useNode.Location, $"'{group.Key}.{name}.{UseKey}' must name a file in configs/{group.Group}/.");
            }

            var option = use ?? name;
            var file = Path.Combine(ConfigRoot, group.Group, option + ".yaml");
            ConfigNode merged = entry;
            if (File.Exists(file))
            {
                sources.Add(file);
                var baseNode = ReadGroupFile(file, root);
                merged = ConfigMerger.Merge(baseNode, entry);
            }
            else if (explicitUse)
            {
                throw new ConfigException(useNode!.Location, $"no config file configs/{group.Group}/{option}.yaml.{Suggestions.DidYouMean(option, GroupOptions(group.Group))}");
            }

            var result = (ConfigMapping)merged.Clone();
            result.Remove(UseKey);
            expanded.Set(name, result, entryLocation);
        }

        root.Set(group.Key, expanded, root.KeyLocation(group.Key));
    }

    private string GroupFile(string group, string option, SourceLocation location)
    {
        var groupDir = Path.Combine(ConfigRoot, group);
        if (!Directory.Exists(groupDir))
        {
            var groups = Directory.Exists(ConfigRoot) ? Directory.GetDirectories(ConfigRoot).Select(Path.GetFileName).OfType<string>() : [];
            throw new ConfigException(location, $"unknown config group '{group}' (no folder {groupDir}).{Suggestions.DidYouMean(group, groups)}");
        }

        var file = Path.Combine(groupDir, option + ".yaml");
        if (!File.Exists(file))
        {
            throw new ConfigException(location, $"no config file configs/{group}/{option}.yaml.{Suggestions.DidYouMean(option, GroupOptions(group))}");
        }

        return file;
    }

    private static List<DefaultsEntry> ReadDefaultsList(ConfigMapping self)
    {
        var result = new List<DefaultsEntry>();
        if (!self.TryGet(DefaultsKey, out var node))
        {
            return result;
        }

        if (node is not ConfigSequence seq)
        {
            throw new ConfigException(node.Location, "'defaults' must be a list, e.g.\n  defaults:\n    - metrics: default\n    - _self_");
        }

        foreach (var item in seq.Items)
        {
            switch (item)
            {
                case ConfigScalar { Value: "_self_" }:
                    result.Add(new DefaultsEntry(string.Empty, null, true, item.Location));
                    break;
                case ConfigMapping { Count: 1 } m:
                    var (group, optionNode) = m.Entries[0];
                    var option = optionNode switch
                    {
                        ConfigScalar s when s.IsNull => null,
                        ConfigScalar s => s.Value,
                        _ => throw new ConfigException(optionNode.Location, $"defaults entry '{group}' must name one option (a file in configs/{group}/)."),
                    };
                    if (result.Any(r => r.Group == group))
                    {
                        throw new ConfigException(item.Location, $"group '{group}' appears twice in the defaults list.");
                    }

                    result.Add(new DefaultsEntry(group, option, false, m.KeyLocation(group)));
                    break;
                default:
                    throw new ConfigException(item.Location, "each defaults entry is 'group: option' or '_self_'.");
            }
        }

        return result;
    }

    private static void ApplyGroupSelections(List<DefaultsEntry> defaults, List<ConfigOverride> overrides)
    {
        foreach (var o in overrides)
        {
            if (o.Kind != ConfigOverrideKind.Set || o.Path.Contains('.', StringComparison.Ordinal) || o.Value is not ConfigScalar s)
            {
                continue;
            }

            var index = defaults.FindIndex(d => d.Group == o.Path);
            if (index >= 0)
            {
                defaults[index] = defaults[index] with { Option = s.IsNull ? null : s.Value, Location = o.Location };
                o.MarkGroupSelection();
            }
        }
    }

    private static ConfigMapping WithoutDefaults(ConfigMapping self)
    {
        var copy = (ConfigMapping)self.Clone();
        copy.Remove(DefaultsKey);
        return copy;
    }

    // Group files hold values only: no defaults list, and a schema_version (if any) that matches the experiment's.
    private static ConfigNode ReadGroupFile(string file, ConfigMapping experiment)
    {
        var node = YamlConfigReader.ReadFile(file);
        if (node is not ConfigMapping m)
        {
            return node;
        }

        if (m.TryGet(DefaultsKey, out var d))
        {
            throw new ConfigException(d.Location, "a defaults list is only read in experiment files, not in group files.");
        }

        if (m.TryGet(SchemaVersionKey, out var version))
        {
            var expected = (experiment.Get(SchemaVersionKey) as ConfigScalar)?.Value;
            if (version is not ConfigScalar v || (expected is not null && v.Value != expected))
            {
                throw new ConfigException(version.Location, $"this file has schema_version {(version as ConfigScalar)?.Value ?? "?"} but the experiment has {expected}; update one of them (see docs/configuration.md).");
            }

            m.Remove(SchemaVersionKey);
        }

        return m;
    }

    private sealed record DefaultsEntry(string Group, string? Option, bool IsSelf, SourceLocation Location);
}
