using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Research.Media.IO;

namespace Research.Media.Npy;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0).
/// </summary>
/// <remarks>
/// <para>
/// Supported dtypes: <c>&lt;f4 &lt;f8 &lt;i2 &lt;i4 &lt;i8 &lt;u2 |u1 |b1</c>; big-endian variants (<c>&gt;f4</c> ...) are
/// byte-swapped on read. Rejected with a message saying what to do: Fortran-order arrays of rank 2 or more,
/// object arrays (<c>|O</c>), structured dtypes, and any other type (complex, strings, float16, int8, uint32/64).
/// </para>
/// <para>
/// Files are written as version 1.0 (2.0 only when the header would not fit), with the header laid out exactly as
/// NumPy 1.x/2.x writes it: the dict with sorted keys, spare spaces, then spaces and <c>'\n'</c> so the data
/// starts on a 64-byte boundary.
/// </para>
/// </remarks>
public static class NpyFile
{
    private const int ArrayAlign = 64;

    // NumPy leaves room to rewrite the first dimension in place (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS).
    private const int GrowthAxisMaxDigits = 21;

    // "\x93NUMPY" as raw bytes (a u8 string literal would UTF-8 encode the 0x93).
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file.</summary>
    /// <param name="path">File to read.</param>
    /// <returns>The array.</returns>
    /// <exception cref="MediaFormatException">The file is not a .npy file, is damaged, or uses an unsupported dtype or layout.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes the bytes of a .npy file.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="sourceName">Name used in error messages (usually the path).</param>
    /// <returns>The array.</returns>
    /// <exception cref="MediaFormatException">The bytes are not a .npy file, are damaged, or use an unsupported dtype or layout.</exception>
    public static NpyArray Decode(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new MediaFormatException(sourceName, "not a .npy file (missing the \\x93NUMPY magic); save arrays with np.save (.npz archives must be unpacked first).");
        }

        int major = bytes[6];
        int minor = bytes[7];
        int prefix;
        long headerLength;
        switch (major)
        {
            case 1:
                prefix = 10;
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                break;
            case 2 or 3 when bytes.Length >= 12:
                prefix = 12;
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                break;
            case 2 or 3:
                throw new MediaFormatException(sourceName, "the .npy header is truncated; the file is damaged, re-save it with np.save.");
            default:
                throw new MediaFormatException(sourceName, string.Create(CultureInfo.InvariantCulture, $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are); re-save with np.save from NumPy 1.x or 2.x."));
        }

        if (prefix + headerLength > bytes.Length)
        {
            throw new MediaFormatException(sourceName, "the .npy header is truncated; the file is damaged, re-save it with np.save.");
        }

        var headerBytes = bytes.Slice(prefix, (int)headerLength);

        // Versions 1 and 2 store the header as latin-1; version 3 as UTF-8.
        var headerText = major == 3 ? DecodeUtf8(headerBytes, sourceName) : Encoding.Latin1.GetString(headerBytes);
        var header = NpyHeader.Parse(headerText, sourceName);
        var (dtype, bigEndian) = ParseDescr(header.Descr, sourceName);
        var shapeText = NpyArray.FormatShape(header.Shape);

        // A Fortran-order array of rank 0 or 1 has the same bytes as C order; only higher ranks would need a transpose.
        if (header.FortranOrder && header.Shape.Length > 1)
        {
            throw new MediaFormatException(sourceName, $"Fortran-order arrays are not supported (shape {shapeText}); save with np.save(path, np.ascontiguousarray(arr)).");
        }

        long count = 1;
        foreach (var dim in header.Shape)
        {
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new MediaFormatException(sourceName, $"shape {shapeText} has more elements than a .NET array can hold; save the data in smaller pieces.");
            }
        }

        var itemSize = NpyDTypeInfo.ItemSize(dtype);
        var needed = count * itemSize;
        var data = bytes[(prefix + (int)headerLength)..];
        if (data.Length != needed)
        {
            throw new MediaFormatException(
                sourceName,
                string.Create(CultureInfo.InvariantCulture, $"the data holds {data.Length} bytes but shape {shapeText} of {header.Descr} needs {needed}; the file is truncated or damaged, re-save it with np.save."));
        }

        var array = NpyDTypeInfo.Allocate(dtype, (int)count);
        CopyElements(data, array, itemSize, swap: bigEndian == BitConverter.IsLittleEndian && itemSize > 1);
        return new NpyArray(array, header.Shape);
    }

    /// <summary>Writes an array as a .npy file, atomically (temp file in the same folder, then rename).</summary>
    /// <param name="path">Destination; its folder is created when missing.</param>
    /// <param name="array">Array to write.</param>
    public static void Write(string path, NpyArray array)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes an array in .npy format to a stream (little-endian, C order).</summary>
    /// <param name="stream">Destination stream; left open.</param>
    /// <param name="array">Array to write.</param>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        stream.Write(BuildHeader(array));
        WriteElements(stream, array);
    }

    private static byte[] BuildHeader(NpyArray array)
    {
        var shape = array.Shape.AsSpan();
        var dict = "{'descr': '" + NpyDTypeInfo.Descr(array.DType) + "', 'fortran_order': False, 'shape': " + NpyArray.FormatShape(shape) + ", }";
        if (shape.Length > 0)
        {
            dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        // Pad with spaces and end with '\n' so magic + version + length + header is a multiple of 64 bytes
        // (always at least one space, as NumPy does).
        var version = 1;
        var prefix = 10;
        var textLength = dict.Length + 1;
        var padding = ArrayAlign - ((prefix + textLength) % ArrayAlign);
        if (textLength + padding > ushort.MaxValue)
        {
            version = 2;
            prefix = 12;
            padding = ArrayAlign - ((prefix + textLength) % ArrayAlign);
        }

        var headerLength = textLength + padding;
        var bytes = new byte[prefix + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }

        Encoding.Latin1.GetBytes(dict, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + dict.Length, padding).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static (NpyDType DType, bool BigEndian) ParseDescr(string descr, string sourceName)
    {
        if (descr.Length >= 2 && descr[0] is '<' or '>' or '|' or '=')
        {
            var code = descr[1..];
            if (code == "O")
            {
                throw new MediaFormatException(sourceName, "object arrays (dtype=object, '|O') cannot be read; save a numeric array instead, e.g. np.save(path, np.asarray(arr, dtype=np.float32)).");
            }

            if (NpyDTypeInfo.FromTypeCode(code) is { } dtype)
            {
                // '|' (not applicable) and '=' (native) both mean host order here.
                var bigEndian = descr[0] switch
                {
                    '>' => true,
                    '<' => false,
                    _ => !BitConverter.IsLittleEndian,
                };
                return (dtype, bigEndian);
            }
        }
        else if (descr == "O")
        {
            throw new MediaFormatException(sourceName, "object arrays (dtype=object, '|O') cannot be read; save a numeric array instead, e.g. np.save(path, np.asarray(arr, dtype=np.float32)).");
        }

        throw new MediaFormatException(
            sourceName,
            $"dtype '{descr}' is not supported (supported: <f4, <f8, <i2, <i4, <i8, <u2, |u1, |b1 and their big-endian forms); convert before saving, e.g. arr.astype(np.float32).");
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string sourceName)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new MediaFormatException(sourceName, "the version 3.0 .npy header is not valid UTF-8; the file is damaged, re-save it with np.save.", e);
        }
    }

    private static void CopyElements(ReadOnlySpan<byte> data, Array array, int itemSize, bool swap)
    {
        if (NpyDTypeInfo.FromArray(array) == NpyDType.Bool)
        {
            var flags = (bool[])array;
            // NumPy treats any non-zero byte as True; copying raw bytes would create non-canonical .NET bools.
            for (var i = 0; i < flags.Length; i++)
            {
                flags[i] = data[i] != 0;
            }

            return;
        }

        var target = ElementBytes(array);
        data.CopyTo(target);
        if (swap)
        {
            ReverseEach(target, itemSize);
        }
    }

    private static void WriteElements(Stream stream, NpyArray array)
    {
        if (array.DType == NpyDType.Bool)
        {
            var flags = array.AsBool();
            var bytes = new byte[flags.Length];
            for (var i = 0; i < flags.Length; i++)
            {
                bytes[i] = flags[i] ? (byte)1 : (byte)0;
            }

            stream.Write(bytes);
            return;
        }

        var source = ElementBytes(array.Data);
        var itemSize = NpyDTypeInfo.ItemSize(array.DType);
        if (BitConverter.IsLittleEndian || itemSize == 1)
        {
            stream.Write(source);
            return;
        }

        // Big-endian host: the file is always little-endian, so swap a copy.
        var copy = source.ToArray();
        ReverseEach(copy, itemSize);
        stream.Write(copy);
    }

    private static Span<byte> ElementBytes(Array array) => NpyDTypeInfo.FromArray(array) switch
    {
        NpyDType.Float32 => MemoryMarshal.AsBytes(((float[])array).AsSpan()),
        NpyDType.Float64 => MemoryMarshal.AsBytes(((double[])array).AsSpan()),
        NpyDType.Int32 => MemoryMarshal.AsBytes(((int[])array).AsSpan()),
        NpyDType.Int64 => MemoryMarshal.AsBytes(((long[])array).AsSpan()),
        NpyDType.UInt8 => ((byte[])array).AsSpan(),
        NpyDType.Int16 => MemoryMarshal.AsBytes(((short[])array).AsSpan()),
        NpyDType.UInt16 => MemoryMarshal.AsBytes(((ushort[])array).AsSpan()),
        _ => throw new ArgumentException($"Unexpected data array {array.GetType().Name}.", nameof(array)),
    };

    private static void ReverseEach(Span<byte> bytes, int itemSize)
    {
        for (var i = 0; i + itemSize <= bytes.Length; i += itemSize)
        {
            bytes.Slice(i, itemSize).Reverse();
        }
    }
}
