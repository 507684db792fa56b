namespace Research.Pipeline.Storage;

/// <summary>
/// Mirrors files into another folder by hard links, copying when a link is impossible (another file system,
/// Windows). Linked files share their bytes: treat both sides as read-only.
/// </summary>
public static class FileTree
{
    /// <summary>Links (or copies) one file to <paramref name="destination"/>, replacing it.</summary>
    public static void LinkOrCopyFile(string source, string destination)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        if (File.Exists(destination))
        {
            File.Delete(destination);
        }

        if (!HardLink.TryCreate(source, destination))
        {
            File.Copy(source, destination);
        }
    }

    /// <summary>
    /// Links (or copies) every file under <paramref name="source"/> to the same relative path under
    /// <paramref name="destination"/>; <paramref name="include"/> filters by '/'-separated relative path.
    /// </summary>
    /// <returns>The number of files mirrored.</returns>
    public static int LinkOrCopy(string source, string destination, Func<string, bool>? include = null)
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (include is not null && !include(relative.Replace('\\', '/')))
            {
                continue;
            }

            LinkOrCopyFile(file, Path.Combine(destination, relative));
            count++;
        }

        return count;
    }
}
