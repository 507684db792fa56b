using Research.Methods.Baselines;
using Research.Methods.TalkingGaussian.Method;

namespace Research.Methods;

/// <summary>Methods by name. <see cref="Default"/> holds every built-in method.</summary>
public sealed class MethodRegistry
{
    private readonly Dictionary<string, MethodSpecification> _methods = new(StringComparer.Ordinal);

    /// <summary>The built-in methods.</summary>
    public static MethodRegistry Default { get; } = CreateDefault();

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _methods.Keys.Order(StringComparer.Ordinal)];

    /// <summary>All specifications, sorted by name.</summary>
    public IReadOnlyList<MethodSpecification> All => [.. Names.Select(n => _methods[n])];

    /// <summary>Adds a method; names are unique.</summary>
    public void Register(MethodSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        if (!_methods.TryAdd(specification.Name, specification))
        {
            throw new InvalidOperationException($"A method named '{specification.Name}' is already registered.");
        }
    }

    /// <summary>Looks a method up.</summary>
    public bool TryGet(string name, out MethodSpecification specification) => _methods.TryGetValue(name, out specification!);

    private static MethodRegistry CreateDefault()
    {
        var registry = new MethodRegistry();
        registry.Register(new MethodSpecification(
            MeanFrameMethod.Name,
            "Baseline: predicts the mean training frame for every held-out frame.",
            typeof(MeanFrameOptions),
            o => new MeanFrameMethod((MeanFrameOptions)o)));
        registry.Register(new MethodSpecification(
            AudioRetrievalMethod.Name,
            "Baseline: predicts the training frame(s) whose audio feature window is nearest (L2) to the held-out frame's.",
            typeof(AudioRetrievalOptions),
            o => new AudioRetrievalMethod((AudioRetrievalOptions)o)));
        registry.Register(new MethodSpecification(
            TalkingGaussianMethod.Name,
            "TalkingGaussian (ECCV 2024): face and inside-mouth Gaussian fields deformed by audio/AU motion networks, fused over the torso/background frame.",
            typeof(TalkingGaussianOptions),
            o => new TalkingGaussianMethod((TalkingGaussianOptions)o)) { UsesPerceptualLoss = true });
        return registry;
    }
}
