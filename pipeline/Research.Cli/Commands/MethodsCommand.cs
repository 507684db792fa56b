using System.CommandLine;
using Research.Methods;

namespace Research.Cli.Commands;

/// <summary><c>research methods</c>: lists registered methods.</summary>
internal static class MethodsCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("methods", "List the methods an experiment can name.");
        command.SetAction((_, _) => CliApp.GuardAsync(io, async () =>
        {
            foreach (var m in MethodRegistry.Default.All)
            {
                await io.Out.WriteLineAsync($"{m.Name,-18} {m.Description}").ConfigureAwait(false);
            }

            return CliApp.Success;
        }));
        return command;
    }
}
