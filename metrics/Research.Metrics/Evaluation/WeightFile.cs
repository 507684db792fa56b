using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Research.Metrics.Evaluation;

/// <summary>A weight file behind a reported number: where it was and its SHA-256, so a value can be traced to its weights.</summary>
public sealed record WeightFile
{
    /// <summary>Full path of the file when it was used.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Size in bytes.</summary>
    [JsonPropertyName("bytes")]
    public required long Bytes { get; init; }

    /// <summary>Short form for reports: file name and the first 12 hex digits of the hash.</summary>
    [JsonIgnore]
    public string ShortLabel => $"{System.IO.Path.GetFileName(Path)} (sha256 {Sha256[..Math.Min(12, Sha256.Length)]}…)";

    /// <summary>Hashes <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static WeightFile Describe(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        using var stream = File.OpenRead(full);
        var hash = SHA256.HashData(stream);
        return new WeightFile { Path = full, Sha256 = Convert.ToHexStringLower(hash), Bytes = stream.Length };
    }
}
