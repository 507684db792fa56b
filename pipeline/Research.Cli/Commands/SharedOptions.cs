using System.CommandLine;

namespace Research.Cli.Commands;

/// <summary>Arguments shared by commands that read an experiment.</summary>
internal static class SharedOptions
{
    public static Argument<string> Experiment() => new("experiment") { Description = "Experiment YAML file, e.g. experiments/quickstart.yaml." };

    public static Argument<string[]> Overrides() => new("overrides")
    {
        Description = "Config overrides: key.path=value (lists as [a, b]), ~key.path to delete, group=option to swap a defaults entry.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string[]> Force() => new("--force")
    {
        Description = "Re-run a stage by name (train, render, …), by id, or 'all', even when cached. Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Shard() => new("--shard") { Description = "Run only slice i of n of the jobs (e.g. 2/4), for cluster job arrays." };
}
