namespace Research.Methods;

/// <summary>
/// A method as a value (nerfstudio style): a name, a one-line description, its options record type (bound from
/// YAML, documented by XML docs) and a factory from options to an instance.
/// </summary>
public sealed record MethodSpecification(string Name, string Description, Type OptionsType, Func<object, ITalkingHeadMethod> Create);
