namespace Research.Pipeline.Configuration;

/// <summary>A list of nodes.</summary>
public sealed class ConfigSequence : ConfigNode
{
    /// <summary>Creates a sequence.</summary>
    public ConfigSequence(IEnumerable<ConfigNode> items, SourceLocation location)
        : base(location) => Items = [.. items];

    /// <summary>The items, in order.</summary>
    public List<ConfigNode> Items { get; }

    /// <inheritdoc />
    public override string KindName => "a list";

    /// <inheritdoc />
    public override ConfigNode Clone() => new ConfigSequence(Items.Select(i => i.Clone()), Location);
}
