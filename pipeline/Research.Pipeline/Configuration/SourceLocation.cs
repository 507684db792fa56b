using System.Globalization;

namespace Research.Pipeline.Configuration;

/// <summary>Where a config value came from: a file and 1-based line/column, or the command line.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>Location of a value given on the command line (override number <paramref name="index"/>).</summary>
    public static SourceLocation CommandLine(int index) => new("<command line>", 0, index + 1);

    /// <summary>Location of a value the tool produced itself.</summary>
    public static SourceLocation Generated => new("<generated>", 0, 0);

    /// <inheritdoc />
    public override string ToString() => Line > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}")
        : Line == 0 && File == "<command line>"
            ? string.Create(CultureInfo.InvariantCulture, $"command-line override #{Column}")
            : File;
}
