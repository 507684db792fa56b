namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// A safe reader for PyTorch checkpoints (.pth, .pt, .pth.tar, .model) written by torch.save, in both the legacy
/// and the zip layout. The pickle inside is interpreted by a small machine that knows only the opcodes torch.save
/// uses and an allow-list of globals (OrderedDict, tensor/parameter rebuilding, storage classes, torch.Size); any
/// other global (e.g. 'os system') or opcode is rejected, and nothing is ever executed or looked up by name.
/// </summary>
/// <remarks>
/// <para>
/// Naming: every tensor reachable from the top-level object through dicts, lists and tuples is returned; its name
/// joins the dict keys (integer keys in decimal) and list/tuple indices on the way with '.'. A plain state dict
/// gives its own keys ("features.0.weight"); {'state_dict': {...}, 'epoch': 3} gives "state_dict.features.0.weight"
/// (see <see cref="TorchCheckpointDocument.ToSafetensors"/> to strip the prefix) and lists "epoch" among the other
/// values. A bare tensor saved on its own is named "tensor". OrderedDict state set by BUILD (the '_metadata'
/// versions) is not part of the names. A container reached twice is walked once; a tensor reached twice (tied
/// weights) appears under each name.
/// </para>
/// <para>
/// Errors: a malformed, truncated, hostile or unsupported file raises <see cref="InvalidDataException"/> whose
/// message starts with the file name (pickle problems also give the byte offset).
/// </para>
/// </remarks>
public static class TorchCheckpoint
{
    /// <summary>Reads and validates the whole checkpoint.</summary>
    public static TorchCheckpointDocument Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.None);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads a checkpoint from <paramref name="stream"/> (from its start; a non-seekable stream is copied to memory
    /// first). <paramref name="sourceName"/> prefixes error messages.
    /// </summary>
    public static TorchCheckpointDocument Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        stream.Position = 0;
        Span<byte> head = stackalloc byte[262];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        stream.Position = 0;
        if (n == 0)
        {
            throw TorchErrors.Error(sourceName, "file is empty");
        }

        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2], head[3]) is (3, 4) or (5, 6))
        {
            return TorchZipReader.Read(stream, sourceName);
        }

        if (head[0] == 0x80)
        {
            return TorchLegacyReader.Read(stream, sourceName);
        }

        if (n >= 262 && head[257..262].SequenceEqual("ustar"u8))
        {
            throw TorchErrors.Error(sourceName, "unsupported legacy tar checkpoint (torch < 0.4 tar layout)");
        }

        throw TorchErrors.Error(
            sourceName,
            $"not a PyTorch checkpoint: starts with {Convert.ToHexString(head[..Math.Min(n, 8)])}, neither a zip archive (PK\\x03\\x04) nor a pickle (0x80)");
    }

    /// <summary>Bytes the reader may copy for non-contiguous tensors: four times the file plus 64 MiB.</summary>
    internal static long CopyBudget(long fileLength) => (4 * fileLength) + (64L << 20);
}
