using System.IO.Compression;
using System.Text;

namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// The zip layout (torch ≥ 1.6): records under one top folder: data.pkl, byteorder, version and data/&lt;key&gt;
/// holding each storage's raw bytes. Read through the central directory with the BCL <see cref="ZipArchive"/>.
/// </summary>
internal static class TorchZipReader
{
    public static TorchCheckpointDocument Read(Stream stream, string source)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            throw TorchErrors.Error(source, $"corrupt zip archive: {e.Message}", e);
        }

        using (archive)
        {
            try
            {
                return Read(archive, stream, source);
            }
            catch (Exception e) when (e is not InvalidDataException && e is IOException or NotSupportedException or ArgumentException)
            {
                throw TorchErrors.Error(source, $"corrupt zip archive: {e.Message}", e);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
            {
                throw TorchErrors.Error(source, $"corrupt zip archive: {e.Message}", e);
            }
        }
    }

    private static TorchCheckpointDocument Read(ZipArchive archive, Stream stream, string source)
    {
        var records = Records(archive, source, out var top);
        if (records.ContainsKey("constants.pkl") || records.Keys.Any(k => k.StartsWith("code/", StringComparison.Ordinal)))
        {
            throw TorchErrors.Error(source, "TorchScript archives (torch.jit.save) are not supported; use a state-dict checkpoint");
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal) { ["archive"] = top };
        var littleEndian = true;
        if (records.TryGetValue("byteorder", out var byteorderEntry))
        {
            var text = Encoding.ASCII.GetString(ReadEntry(byteorderEntry, stream, source, 64)).Trim();
            littleEndian = text switch
            {
                "little" => true,
                "big" => false,
                _ => throw TorchErrors.Error(source, $"{top}/byteorder is '{text}', not 'little' or 'big'"),
            };
            info["byteorder"] = text;
        }

        if (records.TryGetValue("version", out var versionEntry) || records.TryGetValue(".data/version", out versionEntry))
        {
            info["version"] = Encoding.ASCII.GetString(ReadEntry(versionEntry, stream, source, 64)).Trim();
        }

        var pickleEntry = records.GetValueOrDefault("data.pkl")
            ?? throw TorchErrors.Error(source, $"zip archive has no {top}/data.pkl record (not a torch.save checkpoint)");
        var pickle = ReadEntry(pickleEntry, stream, source, stream.Length);
        using var pickleStream = new MemoryStream(pickle, writable: false);
        var input = new TorchInput(pickleStream, 0, pickle.Length, source, $"{top}/data.pkl");
        var storages = new TorchStorageTable(input, legacy: false);
        var root = PickleMachine.Load(input, storages.Resolve);

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in storages.Keys)
        {
            var storage = storages.Root(key)!;
            var entry = records.GetValueOrDefault("data/" + key)
                ?? throw TorchErrors.Error(source, $"storage '{key}' has no record {top}/data/{key}");
            var expected = storage.RootNumel * storage.Type.ElementSize;
            if (entry.Length != expected)
            {
                throw TorchErrors.Error(source, $"record {top}/data/{key} has {entry.Length} bytes but {storage.Type.Name} × {storage.RootNumel} needs {expected}");
            }

            var bytes = ReadEntry(entry, stream, source, expected);
            if (!littleEndian)
            {
                TorchByteOrder.Swap(bytes, storage.Type.ElementSize);
            }

            data.Add(key, bytes);
        }

        var (tensors, others) = TorchStateFlattener.Flatten(source, root, data, TorchCheckpoint.CopyBudget(stream.Length));
        return new TorchCheckpointDocument(TorchCheckpointFormat.Zip, tensors, others, info);
    }

    /// <summary>Checks every entry name (no zip-slip) and maps names below the single top folder to entries.</summary>
    private static Dictionary<string, ZipArchiveEntry> Records(ZipArchive archive, string source, out string top)
    {
        var records = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        string? folder = null;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            var unsafeName = name.Length == 0 || name[0] == '/' || name.Contains('\\') || name.Contains(':')
                || name.Any(char.IsControl) || name.Split('/').Any(s => s is ".." or ".");
            if (unsafeName)
            {
                throw TorchErrors.Error(source, $"zip entry name '{Printable(name)}' is unsafe (absolute, '..', '.', backslash, drive letter or control character)");
            }

            var slash = name.IndexOf('/');
            if (slash <= 0)
            {
                throw TorchErrors.Error(source, $"zip entry '{name}' is not under a top folder");
            }

            var first = name[..slash];
            folder ??= first;
            if (!string.Equals(first, folder, StringComparison.Ordinal))
            {
                throw TorchErrors.Error(source, $"zip entries lie under two top folders, '{folder}' and '{first}'");
            }

            var rest = name[(slash + 1)..];
            if (rest.Length == 0 || rest.EndsWith('/'))
            {
                continue; // A directory entry.
            }

            if (!records.TryAdd(rest, entry))
            {
                throw TorchErrors.Error(source, $"zip entry '{name}' appears twice");
            }
        }

        top = folder ?? throw TorchErrors.Error(source, "zip archive is empty");
        return records;
    }

    /// <summary>Reads a whole entry whose declared size is at most <paramref name="limit"/> and the archive size.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, Stream archiveStream, string source, long limit)
    {
        if (entry.Length < 0 || entry.Length > limit || entry.Length > archiveStream.Length || entry.Length > Array.MaxLength)
        {
            throw TorchErrors.Error(source, $"zip entry '{entry.FullName}' declares {entry.Length} bytes, more than allowed ({Math.Min(limit, archiveStream.Length)})");
        }

        var bytes = new byte[entry.Length];
        using var content = entry.Open();
        var read = content.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != bytes.Length || content.ReadByte() != -1)
        {
            throw TorchErrors.Error(source, $"zip entry '{entry.FullName}' does not hold the {entry.Length} bytes it declares");
        }

        return bytes;
    }

    private static string Printable(string name) =>
        new([.. name.Select(c => char.IsControl(c) ? '?' : c)]);
}
