using Research.Methods;

namespace Research.Stages.Experiments;

/// <summary>One cell of the sweep: a dataset × method × variant × seed index, with the method's bound options.</summary>
public sealed record JobSpec(string Dataset, string Entry, string Variant, int SeedIndex, MethodSpecification Method, object Options)
{
    /// <summary>Stable identity: <c>dataset/entry/variant/s&lt;index&gt;</c>.</summary>
    public string Id => $"{Dataset}/{Entry}/{Variant}/s{SeedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
