using System.Globalization;
using System.Numerics;

namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// The legacy (pre-1.6, non-zip) layout: pickled magic number, protocol version and sys_info, the pickled object,
/// the pickled list of storage keys, then for each key an int64 little-endian element count and the raw elements.
/// </summary>
internal static class TorchLegacyReader
{
    public static readonly BigInteger Magic = BigInteger.Parse("1950a86a20f9469cfc6c", NumberStyles.HexNumber);

    public const long ProtocolVersion = 1001;

    public static TorchCheckpointDocument Read(Stream stream, string source)
    {
        var input = new TorchInput(stream, 0, stream.Length, source, "");
        var magic = PickleMachine.Load(input, null);
        if (!(magic is BigInteger big && big == Magic))
        {
            throw input.Error($"not a PyTorch checkpoint: the first pickle is {PickleText.Scalar(magic)}, not the magic number 0x1950a86a20f9469cfc6c");
        }

        var protocol = PickleMachine.Load(input, null);
        if (protocol is not ProtocolVersion)
        {
            throw input.Error($"unsupported legacy protocol version {PickleText.Scalar(protocol)} (expected {ProtocolVersion})");
        }

        var info = new Dictionary<string, string>(StringComparer.Ordinal) { ["protocol_version"] = "1001" };
        var littleEndian = ReadSysInfo(input, PickleMachine.Load(input, null), info);

        var storages = new TorchStorageTable(input, legacy: true);
        var root = PickleMachine.Load(input, storages.Resolve);

        var keysOffset = input.Position;
        var keyList = PickleMachine.Load(input, null);
        var keys = keyList switch
        {
            PickleList l => l.Items,
            PickleTuple t => (IReadOnlyList<object?>)t.Items,
            _ => throw input.Error($"the storage key pickle at byte offset {keysOffset} is a {PickleText.TypeName(keyList)}, not a list"),
        };

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in keys)
        {
            if (item is not string key)
            {
                throw input.Error($"storage key list holds a {PickleText.TypeName(item)}, not a string");
            }

            var storage = storages.Root(key) ?? throw input.Error($"storage '{key}' has data but no tensor refers to it");
            if (data.ContainsKey(key))
            {
                throw input.Error($"storage '{key}' is listed twice");
            }

            var countOffset = input.Position;
            var count = input.ReadInt64LittleEndian($"the element count of storage '{key}'");
            if (count != storage.RootNumel)
            {
                throw input.Error($"storage '{key}' at byte offset {countOffset} holds {count} elements but the pickle declares {storage.RootNumel}");
            }

            var bytes = input.ReadBytes(count * storage.Type.ElementSize, $"the data of storage '{key}'");
            if (!littleEndian)
            {
                TorchByteOrder.Swap(bytes, storage.Type.ElementSize);
            }

            data.Add(key, bytes);
        }

        foreach (var key in storages.Keys)
        {
            if (!data.ContainsKey(key))
            {
                throw input.Error($"storage '{key}' is used by a tensor but has no data");
            }
        }

        if (input.Remaining != 0)
        {
            throw input.Error($"{input.Remaining} trailing bytes after the last storage (byte offset {input.Position})");
        }

        var (tensors, others) = TorchStateFlattener.Flatten(source, root, data, TorchCheckpoint.CopyBudget(stream.Length));
        return new TorchCheckpointDocument(TorchCheckpointFormat.Legacy, tensors, others, info);
    }

    private static bool ReadSysInfo(TorchInput input, object? sysInfo, Dictionary<string, string> info)
    {
        if (sysInfo is not PickleDict dict)
        {
            throw input.Error($"sys_info is a {PickleText.TypeName(sysInfo)}, not a dict");
        }

        var littleEndian = true;
        foreach (var (key, value) in dict.Entries)
        {
            switch (key)
            {
                case "little_endian":
                    littleEndian = value as bool? ?? throw input.Error("sys_info little_endian is not a bool");
                    info["little_endian"] = PickleText.Scalar(value);
                    break;
                case "protocol_version":
                    info["protocol_version"] = PickleText.Scalar(value);
                    break;
                case "type_sizes" when value is PickleDict sizes:
                    foreach (var (name, size) in sizes.Entries)
                    {
                        info[$"type_sizes.{PickleText.Scalar(name)}"] = PickleText.Scalar(size);
                    }

                    break;
                default:
                    break;
            }
        }

        return littleEndian;
    }
}
