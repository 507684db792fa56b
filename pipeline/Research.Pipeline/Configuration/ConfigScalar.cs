namespace Research.Pipeline.Configuration;

/// <summary>A scalar value as written. Plain (unquoted) <c>null</c> or <c>~</c> means null.</summary>
public sealed class ConfigScalar : ConfigNode
{
    /// <summary>Creates a scalar.</summary>
    public ConfigScalar(string value, bool quoted, SourceLocation location)
        : base(location)
    {
        Value = value;
        IsQuoted = quoted;
    }

    /// <summary>The text of the value.</summary>
    public string Value { get; }

    /// <summary>True when the scalar was quoted, so it is always a string.</summary>
    public bool IsQuoted { get; }

    /// <summary>True for an unquoted null literal.</summary>
    public bool IsNull => !IsQuoted && (Value is "" or "~" or "null" or "Null" or "NULL");

    /// <inheritdoc />
    public override string KindName => "a scalar";

    /// <inheritdoc />
    public override ConfigNode Clone() => new ConfigScalar(Value, IsQuoted, Location);
}
