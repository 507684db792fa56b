using System.CommandLine;
using Research.Stages.Running;

namespace Research.Cli.Commands;

/// <summary>The arguments shared by commands that read an experiment: the file, overrides, --force and --shard.</summary>
internal sealed class SharedOptions
{
    public Argument<string> Experiment { get; } = new("experiment") { Description = "Experiment YAML file, e.g. experiments/quickstart.yaml." };

    public Argument<string[]> Overrides { get; } = new("overrides")
    {
        Description = "Config overrides: key.path=value (lists as [a, b]), ~key.path to delete, group=option to swap a defaults entry.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Force { get; } = new("--force")
    {
        Description = "Re-run a stage by name (train, render, …), by id, or 'all', even when cached. Repeatable.",
    };

    public Option<string?> Shard { get; } = new("--shard") { Description = "Run only slice i of n of the jobs (e.g. 2/4), for cluster job arrays." };

    /// <summary>Adds the arguments to a command.</summary>
    public void AddTo(Command command, bool withRunOptions)
    {
        command.Add(Experiment);
        command.Add(Overrides);
        if (withRunOptions)
        {
            command.Add(Force);
            command.Add(Shard);
        }
    }

    /// <summary>The request the parsed arguments describe.</summary>
    public RunRequest Request(ParseResult parse) => new()
    {
        ExperimentPath = parse.GetValue(Experiment)!,
        Overrides = parse.GetValue(Overrides) ?? [],
        Force = new HashSet<string>(parse.GetValue(Force) ?? [], StringComparer.Ordinal),
        Shard = parse.GetValue(Shard) is { } s ? Research.Stages.Running.Shard.Parse(s) : null,
        CommandLine = Environment.CommandLine,
    };
}
