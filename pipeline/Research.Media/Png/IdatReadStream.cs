namespace Research.Media.Png;

/// <summary>
/// Presents the payloads of consecutive IDAT chunks as one read-only stream for the inflater, without copying them
/// out of the file buffer first.
/// </summary>
internal sealed class IdatReadStream : Stream
{
    private readonly ReadOnlyMemory<byte> data;
    private readonly List<(int Offset, int Length)> segments;
    private int segment;
    private int positionInSegment;

    public IdatReadStream(ReadOnlyMemory<byte> data, List<(int Offset, int Length)> segments)
    {
        this.data = data;
        this.segments = segments;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && segment < segments.Count)
        {
            var (offset, length) = segments[segment];
            var n = Math.Min(buffer.Length - written, length - positionInSegment);
            data.Span.Slice(offset + positionInSegment, n).CopyTo(buffer[written..]);
            written += n;
            positionInSegment += n;
            if (positionInSegment == length)
            {
                segment++;
                positionInSegment = 0;
            }
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
