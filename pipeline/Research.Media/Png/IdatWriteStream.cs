using System.Buffers;

namespace Research.Media.Png;

/// <summary>
/// Receives the zlib stream from the encoder and writes it out as IDAT chunks of at most <see cref="ChunkSize"/>
/// bytes, so the compressed image never has to be held in memory as a whole.
/// </summary>
internal sealed class IdatWriteStream : Stream
{
    /// <summary>Payload size of every IDAT chunk but the last; fixed so output bytes are deterministic.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly Stream output;
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int count;

    public IdatWriteStream(Stream output)
    {
        this.output = output;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        var b = buffer ?? throw new ObjectDisposedException(nameof(IdatWriteStream));
        while (!source.IsEmpty)
        {
            var n = Math.Min(source.Length, ChunkSize - count);
            source[..n].CopyTo(b.AsSpan(count));
            count += n;
            source = source[n..];
            if (count == ChunkSize)
            {
                EmitChunk();
            }
        }
    }

    /// <summary>Writes whatever is buffered as a final IDAT chunk. Call after the zlib stream is closed.</summary>
    public void Complete()
    {
        if (count > 0)
        {
            EmitChunk();
        }
    }

    // Partial chunks on Flush would make the chunk layout depend on when the compressor flushes; only Complete emits.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        base.Dispose(disposing);
    }

    private void EmitChunk()
    {
        PngChunks.Write(output, PngChunks.Idat, buffer.AsSpan(0, count));
        count = 0;
    }
}
