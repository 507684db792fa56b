using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Research.Media.Npy;
using Research.Testing;

namespace Research.Media.Tests.Npy;

[TestFixture]
public sealed class NpyFileTests
{
    private static readonly int[][] Shapes = [[], [0], [5], [2, 3, 4], [1, 0, 3]];

    private static IEnumerable<TestCaseData> DTypesAndShapes() =>
        from dtype in Enum.GetValues<NpyDType>()
        from shape in Shapes
        select new TestCaseData(dtype, shape).SetArgDisplayNames(dtype.ToString(), NpyShapeText(shape));

    [TestCaseSource(nameof(DTypesAndShapes))]
    public void Round_trips_every_dtype_and_shape(NpyDType dtype, int[] shape)
    {
        var array = Sample(dtype, shape);

        var back = NpyFile.Decode(Encode(array), "memory.npy");

        Assert.That(back.DType, Is.EqualTo(dtype));
        Assert.That(back.Shape, Is.EqualTo(shape));
        Assert.That(back.Data, Is.EqualTo(array.Data));
        Assert.That(back.Data.GetType(), Is.EqualTo(array.Data.GetType()));
    }

    [Test]
    public void Writes_the_header_byte_for_byte_as_numpy_does()
    {
        var array = new NpyArray(new float[12], [3, 4]);

        var bytes = Encode(array);

        // np.save(f, np.zeros((3, 4), np.float32)) with NumPy 1.x/2.x: "\x93NUMPY", version 1.0, header length 118,
        // the sorted dict, 20 spare spaces for growing axis 0, padding to 128 bytes, '\n'.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
        var expectedHeader = dict + new string(' ', 20) + new string(' ', 38) + "\n";
        Assert.That(bytes.AsSpan(0, 6).ToArray(), Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }));
        Assert.That(bytes[6], Is.EqualTo(1));
        Assert.That(bytes[7], Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), Is.EqualTo(118));
        Assert.That(Encoding.Latin1.GetString(bytes, 10, 118), Is.EqualTo(expectedHeader));
        Assert.That(bytes, Has.Length.EqualTo(128 + (12 * 4)));
    }

    [TestCase(NpyDType.Float64, new int[0], "()")]
    [TestCase(NpyDType.Bool, new[] { 7 }, "(7,)")]
    [TestCase(NpyDType.UInt8, new[] { 2, 3, 4 }, "(2, 3, 4)")]
    [TestCase(NpyDType.Int64, new[] { 123456789, 0 }, "(123456789, 0)")]
    public void Header_is_padded_so_data_starts_on_a_64_byte_boundary(NpyDType dtype, int[] shape, string shapeText)
    {
        var bytes = Encode(Sample(dtype, shape));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.Latin1.GetString(bytes, 10, headerLength);

        Assert.That((10 + headerLength) % 64, Is.Zero);
        Assert.That(header, Does.StartWith($"{{'descr': '{Descr(dtype)}', 'fortran_order': False, 'shape': {shapeText}, }}"));
        Assert.That(header, Does.EndWith(" \n"));
        Assert.That(header.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [Test]
    public void Reads_a_hand_written_version_1_file_with_old_16_byte_alignment()
    {
        // Pre-1.9 NumPy aligned the data to 16 bytes and wrote no spare space.
        double[] values = [0, 1.5, -2, 3.25, 1e300, double.NaN];
        var bytes = NpyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 16, LittleEndian(values));

        var array = NpyFile.Decode(bytes, "old.npy");

        Assert.That(array.DType, Is.EqualTo(NpyDType.Float64));
        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(array.AsFloat64(), Is.EqualTo(values));
    }

    [Test]
    public void Reads_a_hand_written_version_2_file()
    {
        var bytes = NpyBytes(2, "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", 64, [.. LittleEndian(-1), .. LittleEndian(0), .. LittleEndian(7), .. LittleEndian(int.MaxValue)]);

        var array = NpyFile.Decode(bytes, "v2.npy");

        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), Is.GreaterThan(0u), "premise: 4-byte header length");
        Assert.That(array.AsInt32(), Is.EqualTo(new[] { -1, 0, 7, int.MaxValue }));
        Assert.That(array.Shape, Is.EqualTo(new[] { 4 }));
    }

    [Test]
    public void Reads_a_hand_written_version_3_file_with_a_utf8_header()
    {
        // Version 3.0 exists for UTF-8 field names; a plain header is valid too. Extra keys are ignored.
        var bytes = NpyBytes(3, "{\"descr\": \"|u1\", \"shape\": (3,), \"fortran_order\": False, 'note': 'café'}", 64, [1, 2, 255]);

        var array = NpyFile.Decode(bytes, "v3.npy");

        Assert.That(array.AsUInt8(), Is.EqualTo(new byte[] { 1, 2, 255 }));
    }

    [Test]
    public void Reads_python2_long_integer_shapes_and_a_scalar()
    {
        var longs = NpyFile.Decode(NpyBytes(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2L,), }", 16, [.. LittleEndian(-5L), .. LittleEndian(long.MaxValue)]), "py2.npy");
        var scalar = NpyFile.Decode(NpyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 64, LittleEndian(2.5f)), "scalar.npy");

        Assert.That(longs.AsInt64(), Is.EqualTo(new[] { -5L, long.MaxValue }));
        Assert.That(scalar.Rank, Is.Zero);
        Assert.That(scalar.ElementCount, Is.EqualTo(1));
        Assert.That(scalar.AsFloat32(), Is.EqualTo(new[] { 2.5f }));
    }

    [Test]
    public void Big_endian_data_is_byte_swapped()
    {
        var f4 = NpyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 64, [0x3F, 0x80, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00]);
        var i2 = NpyBytes(1, "{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }", 64, [0x01, 0x02, 0xFF, 0xFE]);

        Assert.That(NpyFile.Decode(f4, "be.npy").AsFloat32(), Is.EqualTo(new[] { 1f, -2f }));
        Assert.That(NpyFile.Decode(i2, "be.npy").AsInt16(), Is.EqualTo(new short[] { 0x0102, -2 }));
    }

    [Test]
    public void Bool_bytes_other_than_one_read_as_true()
    {
        var bytes = NpyBytes(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 64, [0, 1, 2]);

        Assert.That(NpyFile.Decode(bytes, "mask.npy").AsBool(), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void Fortran_order_arrays_are_rejected_with_the_fix()
    {
        var bytes = NpyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 64, new byte[16]);

        Assert.That(
            () => NpyFile.Decode(bytes, "f.npy"),
            Throws.TypeOf<MediaFormatException>()
                .With.Message.Contains("Fortran-order arrays are not supported")
                .And.Message.Contains("np.ascontiguousarray")
                .And.Message.Contains("f.npy"));
    }

    [Test]
    public void Fortran_order_vectors_are_read_because_their_layout_is_the_same()
    {
        var bytes = NpyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 64, LittleEndian(1f, 2f));

        Assert.That(NpyFile.Decode(bytes, "f1.npy").AsFloat32(), Is.EqualTo(new[] { 1f, 2f }));
    }

    [TestCase("'|O'", "object arrays")]
    [TestCase("[('x', '<f4'), ('y', '<f4')]", "structured (record) dtypes are not supported")]
    [TestCase("'<c8'", "dtype '<c8' is not supported")]
    [TestCase("'<U5'", "dtype '<U5' is not supported")]
    [TestCase("'<f2'", "dtype '<f2' is not supported")]
    public void Unsupported_dtypes_are_rejected_clearly(string descr, string expected)
    {
        var bytes = NpyBytes(1, $"{{'descr': {descr}, 'fortran_order': False, 'shape': (1,), }}", 64, new byte[8]);

        Assert.That(() => NpyFile.Decode(bytes, "x.npy"), Throws.TypeOf<MediaFormatException>().With.Message.Contains(expected));
    }

    [TestCase(7, "needs 8")]
    [TestCase(9, "needs 8")]
    public void Data_length_must_match_the_shape(int dataBytes, string expected)
    {
        var bytes = NpyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 64, new byte[dataBytes]);

        Assert.That(
            () => NpyFile.Decode(bytes, "x.npy"),
            Throws.TypeOf<MediaFormatException>().With.Message.Contains(expected).And.Message.Contains("shape (2,)"));
    }

    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), '__import__': __import__('os').system('echo hi')}", "not a valid Python dict literal")]
    [TestCase("{'descr': '<f4', 'fortran_order': False}", "no 'shape' key")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "non-negative")]
    [TestCase("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "'fortran_order' is not True or False")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", "'shape' is not a tuple")]
    [TestCase("['descr']", "not a dict")]
    [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "not a valid Python dict literal")]
    public void Malformed_headers_are_rejected_without_evaluating_them(string header, string expected)
    {
        var bytes = NpyBytes(1, header, 64, new byte[8]);

        Assert.That(() => NpyFile.Decode(bytes, "x.npy"), Throws.TypeOf<MediaFormatException>().With.Message.Contains(expected));
    }

    [Test]
    public void Non_npy_input_and_unknown_versions_are_rejected()
    {
        var v4 = NpyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", 64, []);
        v4[6] = 4;

        Assert.That(() => NpyFile.Decode("PK\u0003\u0004 zip archive"u8, "a.npz"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("not a .npy file"));
        Assert.That(() => NpyFile.Decode([], "empty.npy"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("not a .npy file"));
        Assert.That(() => NpyFile.Decode(v4, "v4.npy"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("version 4.0 is not supported"));
        var cut = NpyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", 64, []).AsSpan(0, 40).ToArray();
        Assert.That(() => NpyFile.Decode(cut, "cut.npy"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void Write_to_a_path_is_atomic_and_read_back()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("features", "mel.npy");
        var array = new NpyArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, [2, 3]);

        NpyFile.Write(path, array);
        NpyFile.Write(path, array);
        var back = NpyFile.Read(path);

        Assert.That(back.AsFloat32(), Is.EqualTo(array.AsFloat32()));
        Assert.That(back.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(Directory.GetFiles(temp.Combine("features")), Is.EqualTo(new[] { path }), "no temp file left behind");
    }

    internal static NpyArray Sample(NpyDType dtype, int[] shape)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        Array data = dtype switch
        {
            NpyDType.Float32 => Enumerable.Range(0, count).Select(i => (i * 0.37f) - 3f).ToArray(),
            NpyDType.Float64 => Enumerable.Range(0, count).Select(i => (i * 1.1e-3) - 7.5e200).ToArray(),
            NpyDType.Int32 => Enumerable.Range(0, count).Select(i => (i * 100003) - int.MaxValue).ToArray(),
            NpyDType.Int64 => Enumerable.Range(0, count).Select(i => (i * 1_000_000_000_007L) - long.MaxValue).ToArray(),
            NpyDType.Bool => Enumerable.Range(0, count).Select(i => i % 3 == 0).ToArray(),
            NpyDType.UInt8 => Enumerable.Range(0, count).Select(i => (byte)(i * 37)).ToArray(),
            NpyDType.Int16 => Enumerable.Range(0, count).Select(i => (short)((i * 3001) - 30000)).ToArray(),
            NpyDType.UInt16 => Enumerable.Range(0, count).Select(i => (ushort)(i * 3001)).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
        return new NpyArray(data, shape);
    }

    private static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.Float64 => "<f8",
        NpyDType.Bool => "|b1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int64 => "<i8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    private static string NpyShapeText(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    private static byte[] Encode(NpyArray array)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, array);
        return stream.ToArray();
    }

    /// <summary>Builds a .npy file by hand: magic, version, header length, header padded to <paramref name="align"/>, data.</summary>
    private static byte[] NpyBytes(int major, string header, int align, byte[] data)
    {
        var lengthBytes = major == 1 ? 2 : 4;
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        var unpadded = 8 + lengthBytes + text.Length + 1;
        var padding = (align - (unpadded % align)) % align;
        var headerLength = text.Length + padding + 1;
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        var length = new byte[lengthBytes];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerLength);
        }

        bytes.AddRange(length);
        bytes.AddRange(text);
        bytes.AddRange(Enumerable.Repeat((byte)' ', padding));
        bytes.Add((byte)'\n');
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] LittleEndian(params double[] values) => [.. values.SelectMany(v => BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(v)))];

    private static byte[] LittleEndian(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static byte[] LittleEndian(int value) => BitConverter.GetBytes(value);

    private static byte[] LittleEndian(long value) => BitConverter.GetBytes(value);
}
