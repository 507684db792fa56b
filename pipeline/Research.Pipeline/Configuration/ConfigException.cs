using Research.Pipeline.Errors;

namespace Research.Pipeline.Configuration;

/// <summary>A configuration error that names the file, line, key and, when possible, a fix.</summary>
public sealed class ConfigException : UserErrorException
{
    /// <summary>Creates the error; the message is prefixed with the location.</summary>
    public ConfigException(SourceLocation location, string message)
        : base($"{location}: {message}")
    {
        Location = location;
    }

    /// <summary>Where the offending value is.</summary>
    public SourceLocation Location { get; }
}
