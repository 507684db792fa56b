using System.Text;

namespace Research.Media.IO;

/// <summary>
/// Write-then-rename helpers so a crash or a failed tool never leaves a half-written output under its final name.
/// Used by every writer in the project (codecs, caches, manifests, reports).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no BOM) atomically, creating the folder.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        Write(path, s => s.Write(bytes));
    }

    /// <summary>A sibling temp name (same folder, so the final rename never crosses file systems).</summary>
    public static string TempPathFor(string fullPath) =>
        fullPath + ".tmp-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Writes through <paramref name="write"/> into a temp file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        EnsureParentDirectory(fullPath);
        var temp = TempPathFor(fullPath);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDeleteFile(temp);
            throw;
        }
    }

    /// <summary>Creates the folder that will hold <paramref name="fullPath"/> when it is missing.</summary>
    public static void EnsureParentDirectory(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>Deletes a leftover temp file; failures are ignored because the original error matters more.</summary>
    public static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes a leftover temp folder; failures are ignored because the original error matters more.</summary>
    public static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
