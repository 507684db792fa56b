using System.Security.Cryptography;
using System.Text;

namespace Research.Pipeline.Caching;

/// <summary>SHA-256 content hashes of files and directory trees (paths relative, sorted ordinally, '/' separators).</summary>
public static class ContentHasher
{
    /// <summary>Hash of a file's bytes, lower-case hex.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Hash of a file or a directory tree; a directory hashes its relative paths and file hashes.</summary>
    public static string HashPath(string path) => HashPath(path, null);

    /// <summary>
    /// Hash of a file or a directory tree in which the files that <paramref name="volatileFile"/> accepts (by
    /// '/'-separated relative path) count by their path only, not their content.
    /// </summary>
    public static string HashPath(string path, Func<string, bool>? volatileFile)
    {
        if (File.Exists(path))
        {
            return HashFile(path);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"Cannot hash '{path}': it does not exist.", path);
        }

        var files = Directory.GetFiles(path, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(path, f).Replace('\\', '/'), Full: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var (relative, full) in files)
        {
            sb.Append(relative).Append('\0').Append(volatileFile?.Invoke(relative) == true ? "volatile" : HashFile(full)).Append('\n');
        }

        return HashText(sb.ToString());
    }

    /// <summary>Hash of UTF-8 text, lower-case hex.</summary>
    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
