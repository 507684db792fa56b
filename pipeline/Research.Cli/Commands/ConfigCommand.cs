using System.CommandLine;
using Research.Methods;
using Research.Pipeline.Configuration;
using Research.Stages.Experiments;

namespace Research.Cli.Commands;

/// <summary><c>research config show|describe</c>.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliIo io)
    {
        var shared = new SharedOptions();
        var show = new Command("show", "Print the fully resolved config (defaults, group files and overrides merged).");
        shared.AddTo(show, withRunOptions: false);
        show.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var loaded = new ExperimentLoader(MethodRegistry.Default).Load(parse.GetValue(shared.Experiment)!, parse.GetValue(shared.Overrides) ?? []);
            await io.Out.WriteAsync(loaded.ResolvedYaml).ConfigureAwait(false);
            return CliApp.Success;
        }));

        var method = new Option<string?>("--method") { Description = "Describe one method's options instead of the experiment schema." };
        var describe = new Command("describe", "List every config key with its type, default and documentation.") { method };
        describe.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var name = parse.GetValue(method);
            if (name is not null)
            {
                if (!MethodRegistry.Default.TryGet(name, out var spec))
                {
                    throw new Pipeline.Errors.UserErrorException($"unknown method '{name}'.{Suggestions.DidYouMean(name, MethodRegistry.Default.Names)}");
                }

                await io.Out.WriteLineAsync($"methods.<name> (method: {spec.Name}) — {spec.Description}").ConfigureAwait(false);
                await WriteRows(io, ConfigDescriber.Describe(spec.OptionsType, "methods.<name>")).ConfigureAwait(false);
                return CliApp.Success;
            }

            await WriteRows(io, ConfigDescriber.Describe(typeof(ExperimentConfig))).ConfigureAwait(false);
            await io.Out.WriteLineAsync("\nmethods.<name>: 'method' names a registered method (default: the entry name), 'variants' maps variant names to option deltas; see 'research config describe --method NAME' and 'research methods'.").ConfigureAwait(false);
            return CliApp.Success;
        }));

        return new Command("config", "Inspect configuration.") { show, describe };
    }

    private static async Task WriteRows(CliIo io, IReadOnlyList<ConfigKeyDescription> rows)
    {
        foreach (var r in rows)
        {
            var type = r.Required ? r.Type + ", required" : r.Default.Length > 0 ? $"{r.Type}, default {r.Default}" : r.Type;
            await io.Out.WriteLineAsync($"{r.Key}  ({type})").ConfigureAwait(false);
            if (r.Documentation.Length > 0)
            {
                await io.Out.WriteLineAsync($"    {r.Documentation}").ConfigureAwait(false);
            }
        }
    }
}
