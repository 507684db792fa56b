using Research.Methods;

namespace Research.Stages.Synthesis;

/// <summary>What a command needs of a trained job's method, so a run with one such job needs no <c>--job</c>.</summary>
/// <param name="Description">How messages say it, e.g. "can be driven by audio".</param>
/// <param name="Accepts">Whether a method instance has it.</param>
public sealed record JobCapability(string Description, Func<ITalkingHeadMethod, bool> Accepts)
{
    /// <summary>Methods implementing <see cref="IAudioDrivenMethod"/> (<c>research synthesize</c>).</summary>
    public static JobCapability AudioDriven { get; } = new("can be driven by audio", m => m is IAudioDrivenMethod);

    /// <summary>Methods implementing <see cref="IPlyExportingMethod"/> (<c>research export</c>).</summary>
    public static JobCapability PlyExport { get; } = new("can export PLY files", m => m is IPlyExportingMethod);

    /// <summary>Registered methods whose default instance has the capability.</summary>
    public IEnumerable<string> Methods(MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.All.Where(s => Accepts(s.Create(Activator.CreateInstance(s.OptionsType)!))).Select(s => s.Name);
    }
}
