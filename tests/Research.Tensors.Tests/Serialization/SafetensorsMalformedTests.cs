using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Research.Testing;
using Research.Tensors.Serialization;

namespace Research.Tensors.Tests.Serialization;

/// <summary>Every validation rule of the reader, one hostile file each.</summary>
public class SafetensorsMalformedTests
{
    private const string F32Pair = "\"dtype\":\"F32\",\"shape\":[2]";

    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void FileShorterThanTheLengthPrefix() =>
        AssertRejected(File(new byte[] { 1, 2, 3 }), "shorter than the 8-byte header length");

    [Test]
    public void HeaderLengthOverTheLimit() =>
        AssertRejected(WithLength(100_000_001, "{}", 0), "exceeds the 100000000-byte limit");

    [Test]
    public void HeaderLengthPastTheEndOfTheFile() =>
        AssertRejected(WithLength(1000, "{}", 0), "header length 1000 runs past the end");

    [Test]
    public void HugeHeaderLengthDoesNotOverflow() =>
        AssertRejected(WithLength(ulong.MaxValue, "{}", 0), "exceeds the 100000000-byte limit");

    [Test]
    public void InvalidUtf8() =>
        AssertRejected(File([2, 0, 0, 0, 0, 0, 0, 0, (byte)'{', 0xFF]), "not valid UTF-8");

    [Test]
    public void HeaderNotAnObject() => AssertRejected(Header("[]", 0), "does not start with '{'");

    [Test]
    public void HeaderNotWellFormedJson() => AssertRejected(Header("{\"a\":", 0), "not well-formed JSON");

    [Test]
    public void TrailingGarbageAfterJson() => AssertRejected(Header("{} x", 0), "not well-formed JSON");

    [Test]
    public void DuplicateTensorName() =>
        AssertRejected(
            Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8]}},\"a\":{{{F32Pair},\"data_offsets\":[8,16]}}}}", 16),
            "duplicate key 'a'");

    [Test]
    public void TensorEntryNotAnObject() => AssertRejected(Header("{\"a\":[1]}", 0), "tensor 'a': entry is not a JSON object");

    [Test]
    public void DuplicateField() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"shape\":[2],\"data_offsets\":[0,8]}}}}", 8), "tensor 'a': duplicate field 'shape'");

    [Test]
    public void UnknownDtype() =>
        AssertRejected(Header("{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a': unknown dtype 'f32'");

    [Test]
    public void MissingDtype() =>
        AssertRejected(Header("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a': 'dtype' is missing");

    [Test]
    public void MissingShape() =>
        AssertRejected(Header("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8), "tensor 'a': 'shape' is missing");

    [TestCase("-2")]
    [TestCase("1.5")]
    [TestCase("\"2\"")]
    public void ShapeEntryNotANonNegativeInteger(string dim) =>
        AssertRejected(
            Header($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[1,{dim}],\"data_offsets\":[0,8]}}}}", 8),
            "tensor 'a': 'shape' entry 1 is not a non-negative integer");

    [Test]
    public void ShapeEntryBeyondInt32() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"U8\",\"shape\":[0,4294967296],\"data_offsets\":[0,0]}}", 0),
            "tensor 'a': 'shape' entry 1 (4294967296) is larger than");

    [Test]
    public void ShapeProductOverflows() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8),
            "tensor 'a': byte size of F64 [2147483647, 2147483647, 2147483647] overflows");

    [Test]
    public void SubByteDtypeNotFillingWholeBytes() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}", 1),
            "tensor 'a': byte size of F4 [3] overflows or is not a whole number of bytes");

    [Test]
    public void MissingOffsets() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair}}}}}", 8), "tensor 'a': 'data_offsets' is missing");

    [Test]
    public void OffsetsWithThreeEntries() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8,8]}}}}", 8), "tensor 'a': 'data_offsets' is missing or not an array of two");

    [Test]
    public void NegativeOffset() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[-8,0]}}}}", 8), "tensor 'a': 'data_offsets' entries are not non-negative");

    [Test]
    public void OffsetsEndBeforeBegin() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[8,0]}}}}", 8), "tensor 'a': 'data_offsets' end 0 is before begin 8");

    [Test]
    public void OffsetsPastTheBuffer() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8]}}}}", 4), "tensor 'a': 'data_offsets' [0, 8] run past the 4-byte data buffer");

    [Test]
    public void SizeDoesNotMatchShape() =>
        AssertRejected(
            Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
            "tensor 'a': F32 [3] needs 12 bytes but 'data_offsets' [0, 8] span 8");

    [Test]
    public void OverlappingTensors() =>
        AssertRejected(
            Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8]}},\"b\":{{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}}}", 8),
            "tensor 'b': 'data_offsets' [4, 8] overlap");

    [Test]
    public void GapBetweenTensors() =>
        AssertRejected(
            Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8]}},\"b\":{{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[12,16]}}}}", 16),
            "tensor 'b': 'data_offsets' [12, 16] leave a gap after byte 8");

    [Test]
    public void BufferNotFullyCovered() =>
        AssertRejected(Header($"{{\"a\":{{{F32Pair},\"data_offsets\":[0,8]}}}}", 9), "data buffer has 9 bytes but the tensors cover only 8");

    [Test]
    public void MetadataNotAnObject() =>
        AssertRejected(Header("{\"__metadata__\":\"x\"}", 0), "'__metadata__' is not a JSON object");

    [Test]
    public void MetadataValueNotAString() =>
        AssertRejected(Header("{\"__metadata__\":{\"epoch\":3}}", 0), "'__metadata__' entry 'epoch' is not a string");

    [Test]
    public void DuplicateMetadataKey() =>
        AssertRejected(Header("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), "duplicate key 'k' in '__metadata__'");

    [Test]
    public void DuplicateMetadataSection() =>
        AssertRejected(Header("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "duplicate key '__metadata__'");

    private static void AssertRejected(string path, string expected)
    {
        // Both entry points validate the header before touching any tensor data.
        foreach (var read in new Action[] { () => SafetensorsFile.Read(path), () => SafetensorsFile.Open(path).Dispose() })
        {
            var error = Assert.Throws<InvalidDataException>(() => read());
            Assert.That(error!.Message, Does.Contain(path).And.Contain(expected));
        }
    }

    private string File(byte[] bytes)
    {
        var path = _temp.Combine("bad.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Header(string json, int bufferLength) =>
        WithLength((ulong)Encoding.UTF8.GetByteCount(json), json, bufferLength);

    private string WithLength(ulong headerLength, string json, int bufferLength)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + bufferLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        header.CopyTo(bytes, 8);
        return File(bytes);
    }
}
