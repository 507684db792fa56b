namespace Research.Methods;

/// <summary>
/// A method as a value (nerfstudio style): a name, a one-line description, its options record type (bound from
/// YAML, documented by XML docs) and a factory from options to an instance.
/// </summary>
public sealed record MethodSpecification(string Name, string Description, Type OptionsType, Func<object, ITalkingHeadMethod> Create)
{
    /// <summary>
    /// Whether training has LPIPS terms: the train stage then passes <see cref="MethodContext.PerceptualLoss"/> when
    /// the LPIPS weights are present and puts their hashes into its cache key.
    /// </summary>
    public bool UsesPerceptualLoss { get; init; }
}
