using NUnit.Framework;
using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;
using Research.Testing;
using Research.Testing.Torch;
using static Research.Testing.Torch.TorchFileBuilder;

namespace Research.Tensors.Tests.Serialization.Torch;

/// <summary>Well-formed legacy and zip checkpoints built byte by byte: names, dtypes, shapes and exact values.</summary>
public class TorchCheckpointReadTests
{
    private static readonly float[] Lin = [.. Enumerable.Range(0, 64).Select(i => (i * 0.125f) - 3f)];

    private static TorchCheckpointDocument Read(byte[] file) => TorchCheckpoint.Read(new MemoryStream(file), "test.pth");

    /// <summary>Storages and tensors covering every layout case: strides, shared storages, 0-dim, dtypes.</summary>
    private static (TestStorage[] Storages, TestTensor[] Tensors) Mixed()
    {
        TestStorage[] storages =
        [
            F32("0", Lin),
            I64("1", 7),
            F32("2", 0, 1, 2, 3, 4, 5),
            F32("3", 10, 11, 12, 13, 14, 15, 16, 17, 18, 19),
            F16("4", 1.5f, -2f, 65504f),
            BF16("5", 1f, -3.5f, 0.15625f),
            Bool("6", true, false, true),
            F64("7", Math.PI, -1e300),
            I32("8", int.MinValue, 5),
            I16("9", -7, short.MaxValue),
            I8("10", -128, 127),
            U8("11", 0, 255),
        ];
        TestTensor[] tensors =
        [
            new("lin0.model.1.weight", "0", 0, [1, 64, 1, 1], [64, 1, 1, 1]),
            new("bn.num_batches_tracked", "1", 0, [], []),
            new("transposed", "2", 0, [3, 2], [1, 3]),
            new("shared.a", "3", 2, [3], [1]),
            new("shared.b", "3", 5, [2, 2], [2, 1]),
            new("shared.every_third", "3", 1, [3], [3]),
            new("half", "4", 0, [3], [1]),
            new("bf", "5", 0, [3], [1]),
            new("mask", "6", 0, [3], [1]),
            new("f64", "7", 0, [2], [1]),
            new("i32", "8", 0, [2], [1]),
            new("i16", "9", 0, [2], [1]),
            new("i8", "10", 0, [2], [1]),
            new("u8", "11", 0, [1, 2], [2, 1]),
            new("empty", "2", 6, [0, 4], [4, 1]),
        ];
        return (storages, tensors);
    }

    private static void AssertMixed(TorchCheckpointDocument doc)
    {
        Assert.That(doc.Names, Is.EqualTo(Mixed().Tensors.Select(t => t.Name)));
        var lin = doc["lin0.model.1.weight"];
        Assert.That(lin.DType, Is.EqualTo(SafetensorsDType.F32));
        Assert.That(lin.Shape, Is.EqualTo(new[] { 1, 64, 1, 1 }));
        Assert.That(doc.ToFloat32("lin0.model.1.weight"), Is.EqualTo(Lin));

        var tracked = doc["bn.num_batches_tracked"];
        Assert.That((tracked.DType, tracked.Shape.Count), Is.EqualTo((SafetensorsDType.I64, 0)));
        Assert.That(tracked.ToInt64(), Is.EqualTo(new long[] { 7 }));

        Assert.That(doc["transposed"].Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(doc.ToFloat32("transposed"), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
        Assert.That(doc.ToFloat32("shared.a"), Is.EqualTo(new float[] { 12, 13, 14 }));
        Assert.That(doc.ToFloat32("shared.b"), Is.EqualTo(new float[] { 15, 16, 17, 18 }));
        Assert.That(doc["shared.b"].Shape, Is.EqualTo(new[] { 2, 2 }));
        Assert.That(doc.ToFloat32("shared.every_third"), Is.EqualTo(new float[] { 11, 14, 17 }));

        Assert.That(doc["half"].DType, Is.EqualTo(SafetensorsDType.F16));
        Assert.That(doc.ToFloat32("half"), Is.EqualTo(new[] { 1.5f, -2f, 65504f }));
        Assert.That(doc["bf"].DType, Is.EqualTo(SafetensorsDType.BF16));
        Assert.That(doc.ToFloat32("bf"), Is.EqualTo(new[] { 1f, -3.5f, 0.15625f }));
        Assert.That(doc["mask"].DType, Is.EqualTo(SafetensorsDType.Bool));
        Assert.That(doc["mask"].Data.ToArray(), Is.EqualTo(new byte[] { 1, 0, 1 }));
        Assert.That(doc["f64"].ToFloat64(), Is.EqualTo(new[] { Math.PI, -1e300 }));
        Assert.That((doc["i32"].DType, doc["i32"].ToInt64()), Is.EqualTo((SafetensorsDType.I32, new long[] { int.MinValue, 5 })));
        Assert.That((doc["i16"].DType, doc["i16"].ToInt64()), Is.EqualTo((SafetensorsDType.I16, new long[] { -7, short.MaxValue })));
        Assert.That((doc["i8"].DType, doc["i8"].ToInt64()), Is.EqualTo((SafetensorsDType.I8, new long[] { -128, 127 })));
        Assert.That((doc["u8"].DType, doc["u8"].ToInt64()), Is.EqualTo((SafetensorsDType.U8, new long[] { 0, 255 })));
        Assert.That((doc["empty"].Shape, doc["empty"].ElementCount), Is.EqualTo((new[] { 0, 4 }, 0L)));
    }

    [Test]
    public void LegacyLpipsStyleFile()
    {
        var options = new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true, Location = "cuda:0", LongSize = 4 };
        var (storages, tensors) = Mixed();
        var doc = Read(Legacy(storages, tensors, options));
        Assert.That(doc.Format, Is.EqualTo(TorchCheckpointFormat.Legacy));
        Assert.That(doc.Info["type_sizes.long"], Is.EqualTo("4"));
        Assert.That(doc.Info["little_endian"], Is.EqualTo("True"));
        Assert.That(doc.OtherValues, Is.Empty);
        AssertMixed(doc);
    }

    [Test]
    public void LegacyWithUnicodeStringsAndSetItems()
    {
        var (storages, tensors) = Mixed();
        AssertMixed(Read(Legacy(storages, tensors, new TorchFileOptions { Metadata = false })));
    }

    [Test]
    public void LegacyBigEndianDataIsSwapped()
    {
        var (storages, tensors) = Mixed();
        var doc = Read(Legacy(storages, tensors, new TorchFileOptions { LittleEndian = false }));
        Assert.That(doc.Info["little_endian"], Is.EqualTo("False"));
        AssertMixed(doc);
    }

    [Test]
    public void LegacyViewMetadataSelectsPartOfTheRootStorage()
    {
        TestStorage[] storages = [F32("root", 0, 1, 2, 3, 4, 5, 6, 7)];
        TestTensor[] tensors =
        [
            new("view", "root", 1, [2], [1]) { View = ("v1", 4, 3) },
            new("whole", "root", 0, [8], [1]),
        ];
        var doc = Read(Legacy(storages, tensors));
        Assert.That(doc.ToFloat32("view"), Is.EqualTo(new float[] { 5, 6 }));
        Assert.That(doc.ToFloat32("whole"), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }));
    }

    [Test]
    public void ZipFileWithArchiveFolder()
    {
        var (storages, tensors) = Mixed();
        var doc = Read(Zip(storages, tensors));
        Assert.That(doc.Format, Is.EqualTo(TorchCheckpointFormat.Zip));
        Assert.That(doc.Info["archive"], Is.EqualTo("archive"));
        Assert.That(doc.Info["byteorder"], Is.EqualTo("little"));
        Assert.That(doc.Info["version"], Is.EqualTo("3"));
        AssertMixed(doc);
    }

    [Test]
    public void ZipBigEndian()
    {
        var (storages, tensors) = Mixed();
        var doc = Read(Zip(storages, tensors, new TorchFileOptions { LittleEndian = false }));
        Assert.That(doc.Info["byteorder"], Is.EqualTo("big"));
        AssertMixed(doc);
    }

    [Test]
    public void ZipWithFileStemTopFolderAndNoByteOrderRecord()
    {
        var (storages, tensors) = Mixed();
        var doc = Read(Zip(storages, tensors, new TorchFileOptions { Archive = "alexnet-owt-7be5be79", ByteOrderRecord = false, PairListOrderedDict = true }));
        Assert.That(doc.Info["archive"], Is.EqualTo("alexnet-owt-7be5be79"));
        Assert.That(doc.Info.ContainsKey("byteorder"), Is.False);
        AssertMixed(doc);
    }

    [Test]
    public void RebuildParameter()
    {
        TestStorage[] storages = [F32("0", 1, 2, 3, 4)];
        TestTensor[] tensors = [new("fc.weight", "0", 0, [2, 2], [2, 1]) { Parameter = true }, new("fc.bias", "0", 2, [2], [1]) { Parameter = true }];
        foreach (var file in new[] { Legacy(storages, tensors), Zip(storages, tensors) })
        {
            var doc = Read(file);
            Assert.That(doc.ToFloat32("fc.weight"), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
            Assert.That(doc.ToFloat32("fc.bias"), Is.EqualTo(new float[] { 3, 4 }));
        }
    }

    [Test]
    public void NestedStateDictIsFlattenedWithDots()
    {
        TestStorage[] storages = [F32("0", 1, 2), I64("1", 3)];
        TestTensor[] tensors = [new("features.0.weight", "0", 0, [2], [1]), new("bn.num_batches_tracked", "1", 0, [], [])];
        var doc = Read(Legacy(storages, tensors, new TorchFileOptions { WrapKey = "state_dict" }));
        Assert.That(doc.Names, Is.EqualTo(new[] { "state_dict.features.0.weight", "state_dict.bn.num_batches_tracked" }));
        Assert.That(doc.OtherValues, Is.EqualTo(new KeyValuePair<string, string>[] { new("epoch", "5"), new("arch", "alexnet"), new("best_acc", "0.75") }));

        var inner = doc.ToSafetensors("state_dict");
        Assert.That(inner.Names, Is.EqualTo(new[] { "features.0.weight", "bn.num_batches_tracked" }));
        Assert.That(inner["features.0.weight"].ToFloat32(), Is.EqualTo(new float[] { 1, 2 }));
        Assert.That(doc.ToSafetensors("model").Tensors, Is.Empty);
    }

    [Test]
    public void ConvertsToASafetensorsFile()
    {
        var (storages, tensors) = Mixed();
        var doc = Read(Zip(storages, tensors));
        using var temp = new TempDirectory();
        var path = temp.Combine("converted.safetensors");
        SafetensorsFile.Write(path, doc.ToSafetensors().Tensors);
        var back = SafetensorsFile.Read(path);
        foreach (var tensor in doc.Tensors)
        {
            Assert.That(back[tensor.Name].Data.ToArray(), Is.EqualTo(tensor.Data.ToArray()), tensor.Name);
            Assert.That(back[tensor.Name].Shape, Is.EqualTo(tensor.Shape), tensor.Name);
        }
    }

    [Test]
    public void ReadsFromAPath()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("lin.pth");
        var (storages, tensors) = Mixed();
        File.WriteAllBytes(path, Legacy(storages, tensors, new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true }));
        AssertMixed(TorchCheckpoint.Read(path));
    }

    [Test]
    public void ReadsFromANonSeekableStream()
    {
        var (storages, tensors) = Mixed();
        using var stream = new ForwardOnlyStream(Zip(storages, tensors));
        AssertMixed(TorchCheckpoint.Read(stream, "piped.pth"));
    }

    [Test]
    public void ProtocolFourZipPickleWithStackGlobalAndMemoize()
    {
        // Protocol 4 writes SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE and FRAME.
        var w = new PickleWriter { MemoiseGlobals = false }.Proto(4);
        w.Raw(0x95, 0, 0, 0, 0, 0, 0, 0, 0); // FRAME 0 (a hint only)
        w.ShortBinUnicode("collections").ShortBinUnicode("OrderedDict").Raw(0x93, 0x94).EmptyTuple().Reduce().Raw(0x94).Mark();
        w.ShortBinUnicode("w");
        w.ShortBinUnicode("torch._utils").ShortBinUnicode("_rebuild_tensor_v2").Raw(0x93, 0x94).Mark();
        w.Mark().ShortBinUnicode("storage").ShortBinUnicode("torch").ShortBinUnicode("FloatStorage").Raw(0x93).ShortBinUnicode("0").ShortBinUnicode("cpu").Int(2).Tuple().BinPersId();
        w.Int(0).IntTuple([2]).IntTuple([1]).Bool(false).Get(0).EmptyTuple().Reduce().Tuple().Reduce();
        w.SetItems().Stop();
        var doc = Read(Zip(w.ToArray(), [F32("0", 8, 9)], new TorchFileOptions()));
        Assert.That(doc.ToFloat32("w"), Is.EqualTo(new float[] { 8, 9 }));
    }

    [Test]
    public void UntypedStorageInZipIsBytes()
    {
        var w = new PickleWriter().Proto().EmptyOrderedDict().Mark().Str("raw");
        w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Mark().Str("storage").Global("torch", "UntypedStorage").Str("0").Str("cpu").Int(3).Tuple().BinPersId();
        w.Int(0).IntTuple([3]).IntTuple([1]).Bool(false).EmptyOrderedDict().Tuple().Reduce().SetItems().Stop();
        var doc = Read(Zip(w.ToArray(), [U8("0", 1, 2, 3)], new TorchFileOptions()));
        Assert.That((doc["raw"].DType, doc["raw"].ToInt64()), Is.EqualTo((SafetensorsDType.U8, new long[] { 1, 2, 3 })));
    }

    [Test]
    public void SelfReferencingListIsWalkedOnce()
    {
        // [t, <the list itself>]: the walk must not loop.
        var w = new PickleWriter().Proto().EmptyList();
        var self = w.Put();
        w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(1).None().Tuple().BinPersId();
        w.Int(0).EmptyTuple().EmptyTuple().Bool(false).EmptyOrderedDict().Tuple().Reduce().Append().Get(self).Append().Stop();
        var doc = Read(LegacyAround(w.ToArray(), [F32("0", 4)]));
        Assert.That(doc.Names, Is.EqualTo(new[] { "0" }));
        Assert.That(doc.ToFloat32("0"), Is.EqualTo(new float[] { 4 }));
    }

    [Test]
    public void BareTensorIsNamedTensor()
    {
        var w = new PickleWriter().Proto();
        w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(1).None().Tuple().BinPersId();
        w.Int(0).EmptyTuple().EmptyTuple().Bool(false).EmptyOrderedDict().Tuple().Reduce().Stop();
        Assert.That(Read(LegacyAround(w.ToArray(), [F32("0", 4)])).Names, Is.EqualTo(new[] { "tensor" }));
    }

    [Test]
    public void PreTorch04RebuildTensorAndCudaStorageNames()
    {
        // torch 0.3: _rebuild_tensor(storage, offset, size, stride) and torch.cuda.FloatStorage type tags.
        var w = new PickleWriter { Py2Strings = true }.Proto().Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark().Str("conv.weight");
        w.Global("torch._utils", "_rebuild_tensor").Mark().Mark().Str("storage").Global("torch.cuda", "FloatStorage").Str("94").Str("cuda:0").Int(4).None().Tuple().BinPersId();
        w.Int(0).IntTuple([2, 2]).IntTuple([1, 2]).Tuple().Reduce().SetItems().Stop();
        var doc = Read(LegacyAround(w.ToArray(), [F32("94", 1, 2, 3, 4)]));
        Assert.That(doc.ToFloat32("conv.weight"), Is.EqualTo(new float[] { 1, 3, 2, 4 }));
    }

    /// <summary>A legacy file with a hand-made object pickle and the given storages.</summary>
    internal static byte[] LegacyAround(byte[] objectPickle, IReadOnlyList<TestStorage> storages)
    {
        var file = new List<byte>();
        file.AddRange(new PickleWriter().Proto().Long1(Magic).Stop().ToArray());
        file.AddRange(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        file.AddRange(SysInfo(new TorchFileOptions()));
        file.AddRange(objectPickle);
        var keys = new PickleWriter().Proto().EmptyList().Mark();
        foreach (var s in storages)
        {
            keys.Str(s.Key);
        }

        file.AddRange(keys.Appends().Stop().ToArray());
        foreach (var s in storages)
        {
            file.AddRange(BitConverter.GetBytes(s.Numel));
            file.AddRange(s.Data);
        }

        return [.. file];
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
