using System.CommandLine;
using Research.Cli.Observers;
using Research.Methods;
using Research.Pipeline.Execution;
using Research.Stages.Running;

namespace Research.Cli.Commands;

/// <summary><c>research plan</c>: shows every stage with hit/miss and the reason, without running anything.</summary>
internal static class PlanCommand
{
    public static Command Create(CliIo io)
    {
        var shared = new SharedOptions();
        var command = new Command("plan", "Show what 'run' would do: each stage, cache hit or miss, and why.");
        shared.AddTo(command, withRunOptions: true);
        command.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var plan = new ExperimentSession(MethodRegistry.Default).Plan(shared.Request(parse), new PlainObserver(TextWriter.Null));
            foreach (var o in plan)
            {
                var status = o.Status switch
                {
                    StageStatus.Hit => "hit ",
                    StageStatus.Miss => "miss",
                    _ => "wait",
                };
                await io.Out.WriteLineAsync($"{status}  {o.Stage.Id}{(o.Status == StageStatus.Hit ? string.Empty : "  — " + o.Reason)}").ConfigureAwait(false);
            }

            var misses = plan.Count(o => o.Status != StageStatus.Hit);
            await io.Out.WriteLineAsync($"{plan.Count} stages: {plan.Count - misses} cached, {misses} to run.").ConfigureAwait(false);
            return CliApp.Success;
        }));
        return command;
    }
}
