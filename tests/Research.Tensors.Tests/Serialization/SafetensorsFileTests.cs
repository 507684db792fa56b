using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Research.Testing;
using Research.Tensors.Serialization;

namespace Research.Tensors.Tests.Serialization;

public class SafetensorsFileTests
{
    [Test]
    public void RoundTrip_PreservesDtypesShapesAndBytes()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("model.safetensors");
        var half = new byte[] { 0x00, 0x3E, 0x00, 0xC0 }; // 1.5, -2.0 as IEEE half
        var bf16 = new byte[] { 0xC0, 0x3F, 0x00, 0xC0 }; // 1.5, -2.0 as bfloat16
        var tensors = new[]
        {
            SafetensorsTensor.FromFloat32("layer.weight", [1f, -2.5f, 3.25f, float.NaN, float.PositiveInfinity, -0f], [2, 3]),
            SafetensorsTensor.FromFloat64("scale", [Math.PI], []),
            SafetensorsTensor.FromInt64("step", [long.MinValue, 0, 42, long.MaxValue], [4]),
            SafetensorsTensor.FromInt32("ids", [-1, 7], [1, 2, 1]),
            new SafetensorsTensor("half", SafetensorsDType.F16, [2], half),
            new SafetensorsTensor("brain", SafetensorsDType.BF16, [2, 1], bf16),
            new SafetensorsTensor("empty", SafetensorsDType.U8, [0, 5], ReadOnlyMemory<byte>.Empty),
            new SafetensorsTensor("mask", SafetensorsDType.Bool, [3], new byte[] { 1, 0, 1 }),
            new SafetensorsTensor("small", SafetensorsDType.I8, [2], new byte[] { 0xFF, 0x05 }),
        };

        SafetensorsFile.Write(path, tensors);
        var document = SafetensorsFile.Read(path);

        Assert.That(document.Metadata, Is.Null);
        Assert.That(document.Tensors, Has.Count.EqualTo(tensors.Length));
        foreach (var expected in tensors)
        {
            var actual = document[expected.Name];
            Assert.That(actual.DType, Is.EqualTo(expected.DType), expected.Name);
            Assert.That(actual.Shape, Is.EqualTo(expected.Shape), expected.Name);
            Assert.That(actual.Data.ToArray(), Is.EqualTo(expected.Data.ToArray()), expected.Name);
        }

        Assert.That(document["layer.weight"].ToFloat32(), Is.EqualTo(new[] { 1f, -2.5f, 3.25f, float.NaN, float.PositiveInfinity, -0f }));
        Assert.That(document["scale"].Shape, Is.Empty);
        Assert.That(document["scale"].ElementCount, Is.EqualTo(1));
        Assert.That(document["scale"].ToFloat64(), Is.EqualTo(new[] { Math.PI }));
        Assert.That(document["scale"].ToFloat32(), Is.EqualTo(new[] { (float)Math.PI }));
        Assert.That(document["step"].ToInt64(), Is.EqualTo(new[] { long.MinValue, 0, 42, long.MaxValue }));
        Assert.That(document["ids"].ToInt64(), Is.EqualTo(new long[] { -1, 7 }));
        Assert.That(document["half"].ToFloat32(), Is.EqualTo(new[] { 1.5f, -2f }));
        Assert.That(document["brain"].ToFloat64(), Is.EqualTo(new[] { 1.5, -2.0 }));
        Assert.That(document["empty"].ElementCount, Is.Zero);
        Assert.That(document["empty"].ToInt64(), Is.Empty);
        Assert.That(document["mask"].ToInt64(), Is.EqualTo(new long[] { 1, 0, 1 }));
        Assert.That(document["small"].ToInt64(), Is.EqualTo(new long[] { -1, 5 }));
    }

    [Test]
    public void RoundTrip_PreservesMetadata()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("meta.safetensors");
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["config"] = "{\"lr\": 0.001}\n\ttabs \u0001 and ünïcödé",
            ["empty"] = string.Empty,
        };

        SafetensorsFile.Write(path, [SafetensorsTensor.FromFloat32("w", [1f], [1])], metadata);

        Assert.That(SafetensorsFile.Read(path).Metadata, Is.EquivalentTo(metadata));
    }

    [Test]
    public void Write_HeaderMatchesTheSpecByteForByte()
    {
        // Derived by hand from the spec and the reference writer's rules: "__metadata__" first, tensors by
        // descending dtype alignment (I64 > F32 > U8) then by name in byte order ("B" < "b"), compact JSON,
        // 249 header bytes padded with 7 spaces to 256, data in the same order.
        const string expectedJson =
            "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
            "\"B\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}," +
            "\"c\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[20,20]}}";
        using var temp = new TempDirectory();
        var path = temp.Combine("exact.safetensors");
        SafetensorsFile.Write(
            path,
            [
                new SafetensorsTensor("c", SafetensorsDType.U8, [0], ReadOnlyMemory<byte>.Empty),
                SafetensorsTensor.FromFloat32("b", [1f, 2f], [2]),
                SafetensorsTensor.FromFloat32("B", [-1f], [1, 1]),
                SafetensorsTensor.FromInt64("a", [7], []),
            ],
            new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes, Has.Length.EqualTo(8 + 256 + 20));
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 })); // 256 little-endian
        Assert.That(Encoding.UTF8.GetString(bytes, 8, 256), Is.EqualTo(expectedJson + "       "));
        Assert.That(bytes[264..], Is.EqualTo(new byte[]
        {
            7, 0, 0, 0, 0, 0, 0, 0, // a = 7L
            0x00, 0x00, 0x80, 0xBF, // B = -1f
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40, // b = 1f, 2f
        }));
    }

    [Test]
    public void Write_EscapesNamesLikeSerdeJson()
    {
        // serde_json escapes only the quote, the backslash and control characters (short forms where JSON has
        // them, otherwise \u00xx in lowercase hex) and writes everything else as raw UTF-8.
        using var temp = new TempDirectory();
        var path = temp.Combine("escape.safetensors");
        var name = "é\"\\\n\u001f/";
        SafetensorsFile.Write(path, [new SafetensorsTensor(name, SafetensorsDType.U8, [1], new byte[] { 9 })]);

        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var expected = "{\"é\\\"\\\\\\n\\u001f/\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        Assert.That(headerLength % 8, Is.Zero);
        Assert.That(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' '), Is.EqualTo(expected));
        Assert.That(SafetensorsFile.Read(path)[name].Data.ToArray(), Is.EqualTo(new byte[] { 9 }));
    }

    [Test]
    public void Write_IsIndependentOfInputOrderAndOverwritesAtomically()
    {
        using var temp = new TempDirectory();
        var first = temp.Combine("first.safetensors");
        var second = temp.Combine("second.safetensors");
        var x = SafetensorsTensor.FromFloat32("x", [1f, 2f], [2]);
        var y = SafetensorsTensor.FromInt64("y", [3], [1]);
        var z = SafetensorsTensor.FromFloat32("z", [4f], []);
        File.WriteAllText(second, "old content");

        SafetensorsFile.Write(first, [x, y, z]);
        SafetensorsFile.Write(second, [z, x, y]);

        Assert.That(File.ReadAllBytes(second), Is.EqualTo(File.ReadAllBytes(first)));
        Assert.That(Directory.GetFiles(temp.Path), Has.Length.EqualTo(2), "no temp files left behind");
    }

    [Test]
    public void Write_RejectsDuplicateAndReservedNames()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("dup.safetensors");
        var a = SafetensorsTensor.FromFloat32("a", [1f], [1]);

        Assert.That(() => SafetensorsFile.Write(path, [a, a]), Throws.ArgumentException.With.Message.Contains("'a'"));
        Assert.That(
            () => SafetensorsFile.Write(path, [SafetensorsTensor.FromFloat32("__metadata__", [1f], [1])]),
            Throws.ArgumentException.With.Message.Contains("__metadata__"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Tensor_RejectsDataThatDoesNotMatchTheShape()
    {
        Assert.That(() => SafetensorsTensor.FromFloat32("w", [1f, 2f, 3f], [2, 2]), Throws.ArgumentException.With.Message.Contains("'w'"));
        Assert.That(() => SafetensorsTensor.FromInt64("n", [1], [-1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SafetensorsTensor.FromInt64("i", [1], [1]).ToFloat32(), Throws.InvalidOperationException.With.Message.Contains("'i'"));
    }

    [Test]
    public void Open_LoadsTensorsOnDemand()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("lazy.safetensors");
        SafetensorsFile.Write(
            path,
            [SafetensorsTensor.FromFloat32("a", [1f, 2f, 3f], [3]), SafetensorsTensor.FromFloat64("b", [4.0, 5.0], [2, 1])],
            new Dictionary<string, string> { ["epoch"] = "3" });

        using var reader = SafetensorsFile.Open(path);

        Assert.That(reader.Metadata!["epoch"], Is.EqualTo("3"));
        Assert.That(reader.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "b", "a" }), "file order: F64 before F32");
        var info = reader.GetInfo("a");
        Assert.That((info.DType, info.DataBegin, info.DataEnd), Is.EqualTo((SafetensorsDType.F32, 16L, 28L)));
        Assert.That(info.Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(reader.ReadTensor("a").ToFloat32(), Is.EqualTo(new[] { 1f, 2f, 3f }));
        Assert.That(reader.ReadTensor("b").ToFloat64(), Is.EqualTo(new[] { 4.0, 5.0 }));
        Assert.That(reader.Contains("c"), Is.False);
        Assert.That(() => reader.ReadTensor("c"), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains(path));
    }

    [Test]
    public void Read_AcceptsTheReferenceDocumentationExample()
    {
        // The byte string from the reference crate's doc example: unpadded 60-byte header, I32 [2,2] of zeros.
        using var temp = new TempDirectory();
        var path = temp.Combine("doc.safetensors");
        var json = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}"u8.ToArray();
        File.WriteAllBytes(path, [(byte)'<', 0, 0, 0, 0, 0, 0, 0, .. json, .. new byte[16]]);

        var tensor = SafetensorsFile.Read(path)["test"];

        Assert.That(tensor.DType, Is.EqualTo(SafetensorsDType.I32));
        Assert.That(tensor.Shape, Is.EqualTo(new[] { 2, 2 }));
        Assert.That(tensor.ToInt64(), Is.EqualTo(new long[4]));
    }

    [Test]
    public void Read_AcceptsWhitespaceAroundTheHeaderAndAnEmptyFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("ws.safetensors");
        File.WriteAllBytes(path, [6, 0, 0, 0, 0, 0, 0, 0, .. "\t\n{}\r "u8]);

        var document = SafetensorsFile.Read(path);

        Assert.That(document.Tensors, Is.Empty);
        Assert.That(document.Metadata, Is.Null);
    }

    [Test]
    public void Read_FileWrittenByTheReferencePythonLibrary()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("python.safetensors");
        var script =
            "import sys\n" +
            "import numpy as np\n" +
            "from safetensors.numpy import save_file\n" +
            "save_file({'w': np.arange(6, dtype=np.float32).reshape(2, 3), 'h': np.array([1.5, -2], dtype=np.float16),"
            + " 's': np.array(5, dtype=np.int64)}, sys.argv[1], metadata={'format': 'np'})\n";
        if (!TryRunPython(script, path))
        {
            Assert.Ignore("python3 with safetensors and numpy is not installed.");
        }

        var document = SafetensorsFile.Read(path);
        Assert.That(document.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["format"] = "np" }));
        Assert.That(document["w"].Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(document["w"].ToFloat32(), Is.EqualTo(new[] { 0f, 1f, 2f, 3f, 4f, 5f }));
        Assert.That(document["h"].ToFloat32(), Is.EqualTo(new[] { 1.5f, -2f }));
        Assert.That(document["s"].Shape, Is.Empty);
        Assert.That(document["s"].ToInt64(), Is.EqualTo(new long[] { 5 }));

        // Same content written by us must be byte-identical (single metadata entry, so no hash-order ambiguity).
        var ours = temp.Combine("ours.safetensors");
        SafetensorsFile.Write(ours, document.Tensors, document.Metadata);
        Assert.That(File.ReadAllBytes(ours), Is.EqualTo(File.ReadAllBytes(path)));
    }

    private static bool TryRunPython(string script, string outputPath)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(outputPath);
        try
        {
            using var process = Process.Start(info)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && File.Exists(outputPath);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
