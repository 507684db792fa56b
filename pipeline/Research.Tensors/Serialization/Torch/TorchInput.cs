using System.Buffers.Binary;

namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// Forward-only reader over a seekable stream of known length. Every length taken from the file is checked against
/// the bytes that remain before anything is allocated, so a truncated or hostile file fails with a clear
/// <see cref="InvalidDataException"/> instead of running out of memory.
/// </summary>
internal sealed class TorchInput
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _bufferPosition;
    private int _bufferLength;
    private long _streamPosition;

    public TorchInput(Stream stream, long start, long length, string source, string part)
    {
        _stream = stream;
        _stream.Position = start;
        _streamPosition = 0;
        Length = length;
        Source = source;
        Part = part;
    }

    /// <summary>The file name used in error messages.</summary>
    public string Source { get; }

    /// <summary>Which part of the file is being read, e.g. "archive/data.pkl" (empty for a plain file).</summary>
    public string Part { get; }

    public long Length { get; }

    public long Position => _streamPosition - (_bufferLength - _bufferPosition);

    public long Remaining => Length - Position;

    public InvalidDataException Error(string message) => TorchErrors.Error(Source, Part.Length == 0 ? message : $"{Part}: {message}");

    public byte ReadByte(string what)
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            throw Truncated(what, 1);
        }

        return _buffer[_bufferPosition++];
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes.</summary>
    public void ReadExactly(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
        {
            throw Truncated(what, destination.Length);
        }

        var fromBuffer = Math.Min(destination.Length, _bufferLength - _bufferPosition);
        _buffer.AsSpan(_bufferPosition, fromBuffer).CopyTo(destination);
        _bufferPosition += fromBuffer;
        destination = destination[fromBuffer..];
        if (destination.IsEmpty)
        {
            return;
        }

        if (destination.Length >= _buffer.Length)
        {
            // Large raw blocks (storages) bypass the buffer.
            var read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            _streamPosition += read;
            if (read != destination.Length)
            {
                throw Error($"file ended early while reading {what} (the stream is shorter than its length)");
            }

            return;
        }

        while (!destination.IsEmpty)
        {
            if (!Fill())
            {
                throw Truncated(what, destination.Length);
            }

            var n = Math.Min(destination.Length, _bufferLength);
            _buffer.AsSpan(0, n).CopyTo(destination);
            _bufferPosition = n;
            destination = destination[n..];
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes into a new array after checking they exist.</summary>
    public byte[] ReadBytes(long count, string what)
    {
        if (count < 0)
        {
            throw Error($"negative length {count} for {what} at byte offset {Position}");
        }

        if (count > Remaining)
        {
            throw Truncated(what, count);
        }

        if (count > Array.MaxLength)
        {
            throw Error($"{what} is {count} bytes, more than one .NET array can hold");
        }

        var bytes = new byte[count];
        ReadExactly(bytes, what);
        return bytes;
    }

    public long ReadInt64LittleEndian(string what)
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes, what);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    private InvalidDataException Truncated(string what, long needed) =>
        Error($"file ended at byte {Length} while reading {what} at byte offset {Position} ({needed} bytes needed, {Remaining} left)");

    private bool Fill()
    {
        var want = (int)Math.Min(_buffer.Length, Length - _streamPosition);
        if (want <= 0)
        {
            return false;
        }

        var read = _stream.ReadAtLeast(_buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
        if (read != want)
        {
            throw Error("file ended early (the stream is shorter than its length)");
        }

        _streamPosition += read;
        _bufferPosition = 0;
        _bufferLength = read;
        return true;
    }
}
