using System.Text;
using NUnit.Framework;
using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;
using Research.Testing.Torch;

namespace Research.Tensors.Tests.Serialization.Torch;

/// <summary>
/// A legacy checkpoint typed in byte by byte from the pickle opcode table, independent of <see cref="PickleWriter"/>,
/// so a bug shared by the test writer and the reader cannot hide.
/// </summary>
public class TorchCheckpointHandAssembledTests
{
    /// <summary>
    /// OrderedDict([['w', F32 tensor [2] = (1.5, -2.25)], ['n', I64 0-dim = 42]]) with _metadata, Python 2 strings,
    /// storages on 'cuda:0', sys_info long = 4: the LPIPS lin file layout in miniature.
    /// </summary>
    internal static byte[] File()
    {
        var b = new List<byte>();
        void Op(params byte[] bytes) => b.AddRange(bytes);
        void Ascii(string s) => b.AddRange(Encoding.ASCII.GetBytes(s));
        void Short(string s) // SHORT_BINSTRING 'U' len bytes
        {
            Op((byte)'U', (byte)s.Length);
            Ascii(s);
        }

        // 1. magic: PROTO 2, LONG1 10 bytes of 0x1950a86a20f9469cfc6c little-endian, STOP.
        Op(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e);

        // 2. protocol version: PROTO 2, BININT2 1001 (0x03e9), STOP.
        Op(0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e);

        // 3. sys_info: EMPTY_DICT BINPUT 0 MARK ... SETITEMS STOP.
        Op(0x80, 0x02, 0x7d, 0x71, 0x00, 0x28);
        Short("protocol_version");
        Op(0x71, 0x01, 0x4d, 0xe9, 0x03);
        Short("little_endian");
        Op(0x71, 0x02, 0x88);
        Short("type_sizes");
        Op(0x71, 0x03, 0x7d, 0x71, 0x04, 0x28);
        Short("short");
        Op(0x4b, 0x02);
        Short("int");
        Op(0x4b, 0x04);
        Short("long");
        Op(0x4b, 0x04, 0x75, 0x75, 0x2e);

        // 4. the object. GLOBAL collections OrderedDict (memo 0), EMPTY_LIST (memo 1), MARK.
        Op(0x80, 0x02, 0x63);
        Ascii("collections\nOrderedDict\n");
        Op(0x71, 0x00, 0x5d, 0x71, 0x01, 0x28);

        //    pair 1: EMPTY_LIST MARK 'w' <tensor> APPENDS
        Op(0x5d, 0x71, 0x02, 0x28);
        Short("w");
        Op(0x63);
        Ascii("torch._utils\n_rebuild_tensor_v2\n");
        Op(0x71, 0x03, 0x28); // memo 3 = _rebuild_tensor_v2; MARK for its arguments
        Op(0x28); // MARK for the persistent id tuple
        Short("storage");
        Op(0x63);
        Ascii("torch\nFloatStorage\n");
        Short("1");
        Short("cuda:0");
        Op(0x4b, 0x02, 0x4e, 0x74, 0x51); // numel 2, view_metadata None, TUPLE, BINPERSID
        Op(0x4b, 0x00); // storage_offset 0
        Op(0x4b, 0x02, 0x85); // size (2,)
        Op(0x4b, 0x01, 0x85); // stride (1,)
        Op(0x89); // requires_grad False
        Op(0x68, 0x00, 0x29, 0x52); // BINGET 0 (OrderedDict), EMPTY_TUPLE, REDUCE: backward_hooks
        Op(0x74, 0x52, 0x65); // TUPLE, REDUCE, APPENDS (closes pair 1)

        //    pair 2: 'n' -> 0-dim LongStorage tensor
        Op(0x5d, 0x28);
        Short("n");
        Op(0x68, 0x03, 0x28, 0x28); // BINGET 3, MARK, MARK
        Short("storage");
        Op(0x63);
        Ascii("torch\nLongStorage\n");
        Short("2");
        Short("cuda:0");
        Op(0x4b, 0x01, 0x4e, 0x74, 0x51);
        Op(0x4b, 0x00, 0x29, 0x29, 0x89, 0x68, 0x00, 0x29, 0x52, 0x74, 0x52, 0x65);

        //    APPENDS (outer list), TUPLE1, REDUCE → OrderedDict(pairs)
        Op(0x65, 0x85, 0x52);

        //    BUILD {'_metadata': OrderedDict(); MARK '' {'version': 1} SETITEMS}
        Op(0x7d);
        Short("_metadata");
        Op(0x68, 0x00, 0x29, 0x52, 0x28);
        Short("");
        Op(0x7d);
        Short("version");
        Op(0x4b, 0x01, 0x73, 0x75, 0x73, 0x62, 0x2e); // SETITEM, SETITEMS, SETITEM, BUILD, STOP

        // 5. storage keys: ['1', '2'].
        Op(0x80, 0x02, 0x5d, 0x71, 0x00, 0x28);
        Short("1");
        Short("2");
        Op(0x65, 0x2e);

        // 6. raw storages: int64 LE count, then data.
        Op(2, 0, 0, 0, 0, 0, 0, 0);
        Op(0x00, 0x00, 0xc0, 0x3f); // 1.5f
        Op(0x00, 0x00, 0x10, 0xc0); // -2.25f
        Op(1, 0, 0, 0, 0, 0, 0, 0);
        Op(42, 0, 0, 0, 0, 0, 0, 0);
        return [.. b];
    }

    [Test]
    public void HandAssembledLegacyFile()
    {
        var doc = TorchCheckpoint.Read(new MemoryStream(File()), "hand.pth");
        Assert.That(doc.Format, Is.EqualTo(TorchCheckpointFormat.Legacy));
        Assert.That(doc.Names, Is.EqualTo(new[] { "w", "n" }));
        Assert.That((doc["w"].DType, doc["w"].Shape), Is.EqualTo((SafetensorsDType.F32, new[] { 2 })));
        Assert.That(doc.ToFloat32("w"), Is.EqualTo(new[] { 1.5f, -2.25f }));
        Assert.That((doc["n"].DType, doc["n"].Shape.Count), Is.EqualTo((SafetensorsDType.I64, 0)));
        Assert.That(doc["n"].ToInt64(), Is.EqualTo(new long[] { 42 }));
        Assert.That(doc.Info["type_sizes.long"], Is.EqualTo("4"));
    }

    [Test]
    public void TestWriterAgreesWithTheHandAssembledFile()
    {
        var options = new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true, Location = "cuda:0", LongSize = 4 };
        var written = TorchFileBuilder.Legacy(
            [TorchFileBuilder.F32("1", 1.5f, -2.25f), TorchFileBuilder.I64("2", 42)],
            [new("w", "1", 0, [2], [1]), new("n", "2", 0, [], [])],
            options);
        var fromWriter = TorchCheckpoint.Read(new MemoryStream(written), "written.pth");
        var byHand = TorchCheckpoint.Read(new MemoryStream(File()), "hand.pth");
        Assert.That(fromWriter.Names, Is.EqualTo(byHand.Names));
        foreach (var tensor in byHand.Tensors)
        {
            Assert.That(fromWriter[tensor.Name].Data.ToArray(), Is.EqualTo(tensor.Data.ToArray()));
            Assert.That(fromWriter[tensor.Name].Shape, Is.EqualTo(tensor.Shape));
        }

        // The raw storage section (the last 32 bytes) is identical.
        Assert.That(written[^32..], Is.EqualTo(File()[^32..]));
    }
}
