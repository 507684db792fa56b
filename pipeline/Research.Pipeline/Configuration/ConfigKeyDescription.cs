namespace Research.Pipeline.Configuration;

/// <summary>One documented config key.</summary>
public sealed record ConfigKeyDescription(string Key, string Type, string Default, bool Required, string Documentation);
