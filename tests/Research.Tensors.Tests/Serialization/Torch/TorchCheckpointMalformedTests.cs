using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using Research.Tensors.Serialization.Torch;
using Research.Testing.Torch;
using static Research.Testing.Torch.TorchFileBuilder;

namespace Research.Tensors.Tests.Serialization.Torch;

/// <summary>Hostile, truncated and unsupported files: each must fail with a clear InvalidDataException.</summary>
public class TorchCheckpointMalformedTests
{
    private static readonly TestStorage[] SmallStorages = [F32("0", 1, 2, 3, 4), I64("1", 9)];

    private static readonly TestTensor[] SmallTensors =
    [
        new("a.weight", "0", 0, [2, 2], [1, 2]),
        new("a.bias", "0", 1, [2], [1]),
        new("bn.num_batches_tracked", "1", 0, [], []),
    ];

    private static void AssertRejected(byte[] file, params string[] fragments)
    {
        var e = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Read(new MemoryStream(file), "bad.pth"))!;
        Assert.That(e.Message, Does.StartWith("bad.pth: "));
        foreach (var fragment in fragments)
        {
            Assert.That(e.Message, Does.Contain(fragment));
        }
    }

    /// <summary>A legacy file whose object pickle is <paramref name="objectPickle"/>.</summary>
    private static byte[] LegacyWithObject(PickleWriter objectPickle) =>
        TorchCheckpointReadTests.LegacyAround(objectPickle.ToArray(), []);

    [Test]
    public void GlobalOsSystemIsRejected()
    {
        var w = new PickleWriter().Proto().Global("os", "system").Str("echo hacked").TupleN(1).Reduce().Stop();
        AssertRejected(LegacyWithObject(w), "unsafe or unsupported pickle: global 'os system' is not allowed", "byte offset");
    }

    [Test]
    public void StackGlobalBuiltinsEvalIsRejected()
    {
        var w = new PickleWriter().Proto(4).ShortBinUnicode("builtins").ShortBinUnicode("eval").Raw(0x93).ShortBinUnicode("1+1").TupleN(1).Reduce().Stop();
        AssertRejected(Zip(w.ToArray(), [], new TorchFileOptions()), "archive/data.pkl", "global 'builtins eval' is not allowed");
    }

    [Test]
    public void GlobalInTheMagicPickleIsRejectedToo() =>
        AssertRejected(new PickleWriter().Proto().Global("subprocess", "Popen").Stop().ToArray(), "global 'subprocess Popen' is not allowed");

    [Test]
    public void TorchGlobalsOutsideTheListAreRejected()
    {
        var w = new PickleWriter().Proto().Global("torch", "load").Stop();
        AssertRejected(LegacyWithObject(w), "global 'torch load' is not allowed");
    }

    [TestCase((byte)'i', "opcode 0x69 ('i')")] // INST
    [TestCase((byte)'o', "opcode 0x6f ('o')")] // OBJ
    [TestCase((byte)'P', "opcode 0x50 ('P')")] // PERSID (text)
    [TestCase((byte)0xff, "opcode 0xff")]
    public void UnknownOpcodeIsRejected(byte opcode, string expected)
    {
        var w = new PickleWriter().Proto().Raw(opcode).Stop();
        var file = LegacyWithObject(w);
        var offset = 15 + 6 + SysInfo(new TorchFileOptions()).Length + 2; // magic, protocol, sys_info, PROTO 2
        AssertRejected(file, $"unsafe or unsupported pickle: {expected} is not allowed (byte offset {offset})");
    }

    [Test]
    public void ReduceWithWrongArityIsRejected()
    {
        var w = new PickleWriter().Proto().Global("torch._utils", "_rebuild_tensor_v2").Mark().Int(1).Int(2).Tuple().Reduce().Stop();
        AssertRejected(LegacyWithObject(w), "calling torch._utils._rebuild_tensor_v2 with 2 arguments");
    }

    [Test]
    public void BuildOnATensorIsRejected()
    {
        var w = new PickleWriter().Proto().Global("torch", "FloatStorage").EmptyDict().Build().Stop();
        AssertRejected(LegacyWithObject(w), "BUILD on torch.FloatStorage is not allowed");
    }

    [Test]
    public void DeepMarkNestingIsRejected()
    {
        var w = new PickleWriter().Proto();
        for (var i = 0; i < 100_000; i++)
        {
            w.Mark();
        }

        AssertRejected(LegacyWithObject(w.Stop()), "MARK nesting deeper than");
    }

    [Test]
    public void DeepTupleNestingIsRejected()
    {
        var w = new PickleWriter().Proto().EmptyTuple();
        for (var i = 0; i < 100_000; i++)
        {
            w.TupleN(1);
        }

        AssertRejected(LegacyWithObject(w.Stop()), "tuples nested deeper than");
    }

    [Test]
    public void DeepListNestingIsRejectedWhenFlattening()
    {
        // 5000 lists on the stack, then 4999 APPENDs: each list ends up inside the one below it.
        var w = new PickleWriter().Proto();
        for (var i = 0; i < 5_000; i++)
        {
            w.EmptyList();
        }

        for (var i = 0; i < 4_999; i++)
        {
            w.Append();
        }

        AssertRejected(LegacyWithObject(w.Stop()), "containers nested deeper than");
    }

    [Test]
    public void SharedTupleDagIsWalkedInLinearTime()
    {
        // t0 = (None,); t(k+1) = (tk, tk) via the memo: 2^60 paths if shared tuples were walked every time.
        var w = new PickleWriter().Proto().None().TupleN(1);
        var previous = w.Put();
        for (var i = 0; i < 60; i++)
        {
            w.Get(previous).Get(previous).TupleN(2);
            previous = w.Put();
        }

        var doc = TorchCheckpoint.Read(new MemoryStream(LegacyWithObject(w.Stop())), "dag.pth");
        Assert.That(doc.Tensors, Is.Empty);
        Assert.That(doc.OtherValues, Has.Count.EqualTo(1));
    }

    [Test]
    public void MemoGetOfMissingEntry() =>
        AssertRejected(LegacyWithObject(new PickleWriter().Proto().Get(7).Stop()), "memo entry 7 was never stored");

    [Test]
    public void StackUnderflow() =>
        AssertRejected(LegacyWithObject(new PickleWriter().Proto().Reduce().Stop()), "stack underflow");

    [Test]
    public void HugeStringLengthIsCheckedBeforeAllocating() =>
        AssertRejected(LegacyWithObject(new PickleWriter().Proto().Raw((byte)'X', 0xff, 0xff, 0xff, 0x7f)), "while reading BINUNICODE", "bytes needed");

    [Test]
    public void HugeStorageElementCountInThePickle()
    {
        var w = new PickleWriter().Proto().Global("torch._utils", "_rebuild_tensor_v2").Mark().Mark().Str("storage").Global("torch", "FloatStorage")
            .Str("0").Str("cpu").Int(1L << 40).None().Tuple().BinPersId();
        AssertRejected(LegacyWithObject(w), "impossible element count");
    }

    [Test]
    public void EveryTruncationOfALegacyFileIsInvalidData()
    {
        var file = Legacy(SmallStorages, SmallTensors, new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true });
        AssertEveryPrefixRejected(file);
        AssertEveryPrefixRejected(TorchCheckpointHandAssembledTests.File());
    }

    [Test]
    public void EveryTruncationOfAZipFileIsInvalidData() => AssertEveryPrefixRejected(Zip(SmallStorages, SmallTensors));

    [Test]
    public void EveryByteFlipOfALegacyFileIsInvalidDataOrReadable()
    {
        AssertFlipsSafe(Legacy(SmallStorages, SmallTensors, new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true }));
        AssertFlipsSafe(TorchCheckpointHandAssembledTests.File());
    }

    [Test]
    public void EveryByteFlipOfAZipFileIsInvalidDataOrReadable() => AssertFlipsSafe(Zip(SmallStorages, SmallTensors));

    [Test]
    public void ElementCountLargerThanTheFile()
    {
        var file = TorchCheckpointHandAssembledTests.File();
        // Declare 2^40 elements in both the pickle-independent count field of storage '1'.
        var countAt = file.Length - 32;
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(countAt), 1L << 40);
        AssertRejected(file, "storage '1'", "holds 1099511627776 elements but the pickle declares 2");
    }

    [Test]
    public void StorageDataRunsPastTheEnd()
    {
        var file = Legacy([F32("0", 1, 2, 3, 4)], [new("w", "0", 0, [4], [1])]);
        AssertRejected(file[..^3], "file ended", "the data of storage '0'");
    }

    [Test]
    public void TrailingBytesAfterTheLastStorage() =>
        AssertRejected([.. TorchCheckpointHandAssembledTests.File(), 0], "1 trailing bytes after the last storage");

    [Test]
    public void BadMagicNumber()
    {
        var file = TorchCheckpointHandAssembledTests.File();
        file[4] ^= 1;
        AssertRejected(file, "not a PyTorch checkpoint", "not the magic number 0x1950a86a20f9469cfc6c");
    }

    [Test]
    public void WrongProtocolVersion()
    {
        var file = TorchCheckpointHandAssembledTests.File();
        file[18] = 0xea; // 1002
        AssertRejected(file, "unsupported legacy protocol version 1002");
    }

    [Test]
    public void TensorReachingPastItsStorage() =>
        AssertRejected(Legacy([F32("0", 1, 2, 3)], [new("w", "0", 1, [2, 2], [2, 1])]), "tensor 'w' [2, 2] with offset 1", "reaches element 4 of a 3-element storage");

    [Test]
    public void StrideOverflow() =>
        AssertRejected(Legacy([F32("0", 1, 2, 3)], [new("w", "0", 0, [3, 2], [(long.MaxValue / 2) + 1, 1])]), "tensor 'w'", "overflow");

    [Test]
    public void LegacyViewOutsideItsStorage() =>
        AssertRejected(
            Legacy([F32("0", 1, 2)], [new("a", "0", 0, [2], [1]), new("b", "0", 0, [2], [1]) { View = ("v", 1, 5) }]),
            "view [1, 1+5) lies outside storage '0' of 2 elements");

    [Test]
    public void StorageTypeMismatchBetweenReferences()
    {
        var pickle = ObjectPickle([F32("0", 1, 2)], [new("a", "0", 0, [2], [1])], new TorchFileOptions { Metadata = false }, legacy: false);
        var other = ObjectPickle([I32("0", 1, 2)], [new("b", "0", 0, [2], [1])], new TorchFileOptions { Metadata = false }, legacy: false);
        // Splice: a dict holding both tensors, the second naming storage '0' as IntStorage.
        var w = new PickleWriter { MemoiseGlobals = false }.Proto().EmptyDict().Mark().Str("x");
        w.Raw(pickle[2..^1]).Str("y").Raw(other[2..^1]).SetItems().Stop();
        AssertRejected(Zip(w.ToArray(), [F32("0", 1, 2)], new TorchFileOptions()), "storage '0' is named as FloatStorage×2 and as IntStorage×2");
    }

    [Test]
    public void TwoTensorsWithTheSameFlattenedName()
    {
        // {'a.b': t, 'a': {'b': t}}
        var w = new PickleWriter().Proto().EmptyDict().Mark();
        void Tensor() => w.Global("torch._utils", "_rebuild_tensor_v2").Mark().Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(1).None().Tuple().BinPersId()
            .Int(0).EmptyTuple().EmptyTuple().Bool(false).EmptyOrderedDict().Tuple().Reduce();
        w.Str("a.b");
        Tensor();
        w.Str("a").EmptyDict().Str("b");
        Tensor();
        w.SetItem().SetItems().Stop();
        AssertRejected(TorchCheckpointReadTests.LegacyAround(w.ToArray(), [F32("0", 1)]), "two tensors flatten to the same name 'a.b'");
    }

    [Test]
    public void UnreferencedStorageInTheKeyList() =>
        AssertRejected(TorchCheckpointReadTests.LegacyAround(new PickleWriter().Proto().EmptyDict().Stop().ToArray(), [F32("x", 1)]), "storage 'x' has data but no tensor refers to it");

    [TestCase("../evil/data.pkl")]
    [TestCase("/archive/data.pkl")]
    [TestCase("archive\\data.pkl")]
    [TestCase("C:/archive/data.pkl")]
    [TestCase("archive/../../etc/passwd")]
    [TestCase("archive/./data.pkl")]
    public void ZipSlipEntryNamesAreRejected(string name) =>
        AssertRejected(Zip(SmallStorages, SmallTensors, new TorchFileOptions { ExtraEntries = [(name, [1])] }), "is unsafe");

    [Test]
    public void ZipEntriesUnderTwoTopFolders() =>
        AssertRejected(Zip(SmallStorages, SmallTensors, new TorchFileOptions { ExtraEntries = [("other/x", [1])] }), "two top folders, 'archive' and 'other'");

    [Test]
    public void ZipEntryWithoutTopFolder() =>
        AssertRejected(Zip(SmallStorages, SmallTensors, new TorchFileOptions { ExtraEntries = [("data.pkl", [1])] }), "is not under a top folder");

    [Test]
    public void ZipMissingDataRecord()
    {
        var pickle = ObjectPickle(SmallStorages, SmallTensors, new TorchFileOptions(), legacy: false);
        AssertRejected(Zip(pickle, [SmallStorages[0]], new TorchFileOptions()), "storage '1' has no record archive/data/1");
    }

    [Test]
    public void ZipDataRecordOfTheWrongLength()
    {
        var pickle = ObjectPickle(SmallStorages, SmallTensors, new TorchFileOptions(), legacy: false);
        AssertRejected(Zip(pickle, [SmallStorages[0], I64("1", 9, 10)], new TorchFileOptions()), "record archive/data/1 has 16 bytes but LongStorage × 1 needs 8");
    }

    [Test]
    public void ZipWithoutDataPkl()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("archive/version").Open().Dispose();
        }

        AssertRejected(memory.ToArray(), "has no archive/data.pkl record");
    }

    [Test]
    public void ZipBadByteOrder() =>
        AssertRejected(Zip(SmallStorages, SmallTensors, new TorchFileOptions { ByteOrderRecord = false, ExtraEntries = [("archive/byteorder", Encoding.ASCII.GetBytes("middle"))] }), "byteorder is 'middle'");

    [Test]
    public void TorchScriptArchiveIsRejected() =>
        AssertRejected(Zip(SmallStorages, SmallTensors, new TorchFileOptions { ExtraEntries = [("archive/constants.pkl", [0x80, 2, (byte)'.'])] }), "TorchScript archives");

    [Test]
    public void LegacyPersistentIdInZipIsRejected()
    {
        var pickle = ObjectPickle(SmallStorages, SmallTensors, new TorchFileOptions(), legacy: true);
        var bad = Zip(pickle, SmallStorages, new TorchFileOptions());
        Assert.DoesNotThrow(() => TorchCheckpoint.Read(new MemoryStream(bad), "ok.pth"), "a 6-field id ending in None is tolerated in zip files");
        var view = ObjectPickle(SmallStorages, [new("w", "0", 0, [1], [1]) { View = ("v", 0, 1) }], new TorchFileOptions(), legacy: true);
        AssertRejected(Zip(view, SmallStorages, new TorchFileOptions()), "storage persistent id has 6 fields, expected 5");
    }

    [Test]
    public void TarCheckpointIsRejected()
    {
        var tar = new byte[1024];
        Encoding.ASCII.GetBytes("storages").CopyTo(tar, 0);
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(tar, 257);
        AssertRejected(tar, "unsupported legacy tar checkpoint");
    }

    [Test]
    public void EmptyFile() => AssertRejected([], "file is empty");

    [Test]
    public void UnknownFirstBytes() => AssertRejected(Encoding.ASCII.GetBytes("{\"not\": \"torch\"}"), "not a PyTorch checkpoint: starts with 7B226E6F");

    [Test]
    public void PickleErrorsInsideTheZipNameTheRecord()
    {
        var w = new PickleWriter().Proto().Raw(0xfe).Stop();
        AssertRejected(Zip(w.ToArray(), [], new TorchFileOptions { Archive = "model" }), "bad.pth: model/data.pkl: unsafe or unsupported pickle: opcode 0xfe is not allowed (byte offset 2)");
    }

    private static void AssertEveryPrefixRejected(byte[] file)
    {
        Assert.DoesNotThrow(() => TorchCheckpoint.Read(new MemoryStream(file), "whole.pth"));
        for (var length = 0; length < file.Length; length++)
        {
            var prefix = file[..length];
            var e = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Read(new MemoryStream(prefix), "cut.pth"), $"prefix of {length} bytes")!;
            Assert.That(e.Message, Does.StartWith("cut.pth: "), $"prefix of {length} bytes");
        }
    }

    private static void AssertFlipsSafe(byte[] file)
    {
        for (var i = 0; i < file.Length; i++)
        {
            foreach (var mask in new byte[] { 0xff, 0x01, 0x80 })
            {
                var copy = (byte[])file.Clone();
                copy[i] ^= mask;
                try
                {
                    TorchCheckpoint.Read(new MemoryStream(copy), "flip.pth");
                }
                catch (InvalidDataException e)
                {
                    Assert.That(e.Message, Does.StartWith("flip.pth: "), $"byte {i} ^ 0x{mask:x2}");
                }
                catch (Exception e)
                {
                    Assert.Fail($"byte {i} ^ 0x{mask:x2}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }
}
