using System.Buffers.Binary;

namespace Research.Tensors.Serialization;

/// <summary>
/// Reads and writes checkpoints in the Hugging Face safetensors format: an 8-byte little-endian header length, a
/// JSON header, then the tensors' bytes back to back. Files written here match the reference writer byte for byte
/// (apart from the order of metadata entries, which the reference leaves to a hash map and we sort).
/// Malformed files raise <see cref="InvalidDataException"/> naming the file and the offending tensor or field.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>Writes the tensors atomically (temp file beside <paramref name="path"/>, then rename).</summary>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var fullPath = System.IO.Path.GetFullPath(path);
        var ordered = SafetensorsHeader.Order(tensors);
        var header = SafetensorsHeader.Encode(ordered, metadata);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = fullPath + ".tmp-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteOrdered(stream, ordered, header);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes the file format to a stream (not atomic; for in-memory use).</summary>
    public static void Write(Stream stream, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var ordered = SafetensorsHeader.Order(tensors);
        WriteOrdered(stream, ordered, SafetensorsHeader.Encode(ordered, metadata));
    }

    /// <summary>Reads and validates the whole file.</summary>
    public static SafetensorsDocument Read(string path)
    {
        using var reader = Open(path);
        var tensors = reader.Tensors.Select(t => reader.ReadTensor(t.Name)).ToList();
        return new SafetensorsDocument(tensors, reader.Metadata);
    }

    /// <summary>
    /// Opens the file, validates its header and returns a reader that loads tensors on demand; dispose it to
    /// close the file.
    /// </summary>
    public static SafetensorsReader Open(string path) => SafetensorsReader.Open(path);

    private static void WriteOrdered(Stream stream, List<SafetensorsTensor> ordered, byte[] header)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var tensor in ordered)
        {
            stream.Write(tensor.Data.Span);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temp file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
