using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Research.Testing.Torch;

/// <summary>Builds byte-exact legacy and zip torch checkpoints from <see cref="TestTensor"/>s and storages.</summary>
public static class TorchFileBuilder
{
    public static readonly BigInteger Magic = BigInteger.Parse("01950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);

    public static byte[] Legacy(IReadOnlyList<TestStorage> storages, IReadOnlyList<TestTensor> tensors, TorchFileOptions? options = null)
    {
        options ??= new TorchFileOptions();
        var file = new List<byte>();
        file.AddRange(new PickleWriter().Proto().Long1(Magic).Stop().ToArray());
        file.AddRange(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        file.AddRange(SysInfo(options));
        file.AddRange(ObjectPickle(storages, tensors, options, legacy: true));
        var keys = new PickleWriter { Py2Strings = options.Py2Strings }.Proto().EmptyList();
        keys.Put();
        keys.Mark();
        foreach (var s in storages)
        {
            keys.Str(s.Key);
        }

        file.AddRange(keys.Appends().Stop().ToArray());
        foreach (var s in storages)
        {
            var count = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(count, s.Numel);
            file.AddRange(count);
            file.AddRange(options.LittleEndian ? s.Data : Swapped(s.Data, s.ElementSize));
        }

        return [.. file];
    }

    public static byte[] Zip(IReadOnlyList<TestStorage> storages, IReadOnlyList<TestTensor> tensors, TorchFileOptions? options = null)
        => Zip(ObjectPickle(storages, tensors, options ??= new TorchFileOptions(), legacy: false), storages, options);

    /// <summary>A zip checkpoint around a given data.pkl.</summary>
    public static byte[] Zip(byte[] dataPkl, IReadOnlyList<TestStorage> storages, TorchFileOptions options)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var top = options.Archive;
            Add(zip, $"{top}/data.pkl", dataPkl);
            if (options.ByteOrderRecord)
            {
                Add(zip, $"{top}/byteorder", Encoding.ASCII.GetBytes(options.LittleEndian ? "little" : "big"));
            }

            foreach (var s in storages)
            {
                Add(zip, $"{top}/data/{s.Key}", options.LittleEndian ? s.Data : Swapped(s.Data, s.ElementSize));
            }

            Add(zip, $"{top}/version", Encoding.ASCII.GetBytes("3\n"));
            Add(zip, $"{top}/.data/serialization_id", Encoding.ASCII.GetBytes("1234567890"));
            foreach (var (name, content) in options.ExtraEntries)
            {
                Add(zip, name, content);
            }
        }

        return memory.ToArray();
    }

    public static byte[] SysInfo(TorchFileOptions options)
    {
        var w = new PickleWriter { Py2Strings = options.Py2Strings }.Proto().EmptyDict();
        w.Put();
        w.Mark().Str("protocol_version").Int(1001).Str("little_endian").Bool(options.LittleEndian).Str("type_sizes").EmptyDict();
        w.Put();
        w.Mark().Str("short").Int(2).Str("int").Int(4).Str("long").Int(options.LongSize).SetItems();
        return w.SetItems().Stop().ToArray();
    }

    /// <summary>The pickled state dict (protocol 2), as torch.save writes it.</summary>
    public static byte[] ObjectPickle(IReadOnlyList<TestStorage> storages, IReadOnlyList<TestTensor> tensors, TorchFileOptions options, bool legacy)
    {
        var w = new PickleWriter { Py2Strings = options.Py2Strings }.Proto();
        if (options.WrapKey is not null)
        {
            w.EmptyDict();
            w.Put();
            w.Mark().Str(options.WrapKey);
        }

        if (options.PairListOrderedDict)
        {
            w.Global("collections", "OrderedDict").EmptyList();
            w.Put();
            w.Mark();
            foreach (var t in tensors)
            {
                w.EmptyList();
                w.Put();
                w.Mark().Str(t.Name);
                Tensor(w, storages, t, options, legacy);
                w.Appends();
            }

            w.Appends().TupleN(1).Reduce();
            w.Put();
        }
        else
        {
            w.EmptyOrderedDict();
            w.Put();
            w.Mark();
            foreach (var t in tensors)
            {
                w.Str(t.Name);
                Tensor(w, storages, t, options, legacy);
            }

            w.SetItems();
        }

        if (options.Metadata)
        {
            w.EmptyDict().Str("_metadata").EmptyOrderedDict();
            w.Put();
            w.Mark().Str("").EmptyDict().Str("version").Int(1).SetItem();
            foreach (var module in tensors.Select(t => t.Name.Contains('.') ? t.Name[..t.Name.LastIndexOf('.')] : "").Distinct().Where(m => m.Length > 0))
            {
                w.Str(module).EmptyDict().Str("version").Int(1).SetItem();
            }

            w.SetItems().SetItem().Build();
        }

        if (options.WrapKey is not null)
        {
            w.Str("epoch").Int(5).Str("arch").Str("alexnet").Str("best_acc").Float(0.75).SetItems();
        }

        return w.Stop().ToArray();
    }

    private static void Tensor(PickleWriter w, IReadOnlyList<TestStorage> storages, TestTensor t, TorchFileOptions options, bool legacy)
    {
        var storage = storages.Single(s => s.Key == t.StorageKey);
        if (t.Parameter)
        {
            w.Global("torch._utils", "_rebuild_parameter").Mark();
        }

        w.Global("torch._utils", "_rebuild_tensor_v2").Mark();
        w.Mark().Str("storage").Global("torch", storage.TypeName).Str(storage.Key).Str(options.Location).Int(storage.Numel);
        if (legacy)
        {
            if (t.View is { } view)
            {
                w.Str(view.Key).Int(view.Offset).Int(view.Size).TupleN(3);
            }
            else
            {
                w.None();
            }
        }

        w.Tuple();
        w.Put();
        w.BinPersId();
        w.Int(t.Offset).IntTuple(t.Size).IntTuple(t.Stride).Bool(false).EmptyOrderedDict().Tuple();
        w.Put();
        w.Reduce();
        w.Put();
        if (t.Parameter)
        {
            w.Bool(true).EmptyOrderedDict().Tuple().Reduce();
            w.Put();
        }
    }

    public static byte[] Swapped(byte[] data, int elementSize)
    {
        var copy = (byte[])data.Clone();
        for (var i = 0; i < copy.Length; i += elementSize)
        {
            Array.Reverse(copy, i, elementSize);
        }

        return copy;
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(content);
    }

    // Storage constructors.
    public static TestStorage F32(string key, params float[] values) => new(key, "FloatStorage", 4, Bytes(values, 4, (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v)));

    public static TestStorage F64(string key, params double[] values) => new(key, "DoubleStorage", 8, Bytes(values, 8, (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v)));

    public static TestStorage F16(string key, params float[] values) => new(key, "HalfStorage", 2, Bytes(values, 2, (s, v) => BinaryPrimitives.WriteHalfLittleEndian(s, (Half)v)));

    public static TestStorage BF16(string key, params float[] values) =>
        new(key, "BFloat16Storage", 2, Bytes(values, 2, (s, v) => BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))));

    public static TestStorage I64(string key, params long[] values) => new(key, "LongStorage", 8, Bytes(values, 8, (s, v) => BinaryPrimitives.WriteInt64LittleEndian(s, v)));

    public static TestStorage I32(string key, params int[] values) => new(key, "IntStorage", 4, Bytes(values, 4, (s, v) => BinaryPrimitives.WriteInt32LittleEndian(s, v)));

    public static TestStorage I16(string key, params short[] values) => new(key, "ShortStorage", 2, Bytes(values, 2, (s, v) => BinaryPrimitives.WriteInt16LittleEndian(s, v)));

    public static TestStorage I8(string key, params sbyte[] values) => new(key, "CharStorage", 1, [.. values.Select(v => (byte)v)]);

    public static TestStorage U8(string key, params byte[] values) => new(key, "ByteStorage", 1, values);

    public static TestStorage Bool(string key, params bool[] values) => new(key, "BoolStorage", 1, [.. values.Select(v => v ? (byte)1 : (byte)0)]);

    private delegate void Writer<T>(Span<byte> destination, T value);

    private static byte[] Bytes<T>(T[] values, int size, Writer<T> write)
    {
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }

        return bytes;
    }
}
