namespace Research.Pipeline.Configuration;

/// <summary>What an override does.</summary>
public enum ConfigOverrideKind
{
    /// <summary>Set (or add) a value.</summary>
    Set,

    /// <summary>Delete a key.</summary>
    Delete,
}
