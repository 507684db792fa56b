namespace Research.Pipeline.Configuration;

/// <summary>
/// A node of an untyped configuration tree that remembers where it came from. Trees are built from YAML files and
/// command-line overrides, merged, then bound to typed option records by <see cref="ConfigBinder"/>.
/// </summary>
public abstract class ConfigNode
{
    /// <summary>Creates a node at a location.</summary>
    protected ConfigNode(SourceLocation location) => Location = location;

    /// <summary>Where the node was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>A deep copy (mappings and sequences are mutable during composition).</summary>
    public abstract ConfigNode Clone();

    /// <summary>Short description of the node kind for error messages.</summary>
    public abstract string KindName { get; }
}
