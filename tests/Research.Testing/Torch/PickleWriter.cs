using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Research.Testing.Torch;

/// <summary>
/// Test-only pickle emitter: one method per opcode (or small opcode group), written from the pickle opcode table
/// so tests can build checkpoints byte by byte without PyTorch. Globals are memoised as CPython's pickler does.
/// </summary>
public sealed class PickleWriter
{
    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, int> _globalMemo = new(StringComparer.Ordinal);
    private int _nextMemo;

    /// <summary>Strings as Python 2 str (SHORT_BINSTRING / BINSTRING) instead of BINUNICODE, like the LPIPS files.</summary>
    public bool Py2Strings { get; init; }

    /// <summary>Memoise globals with BINPUT and reuse them with BINGET.</summary>
    public bool MemoiseGlobals { get; init; } = true;

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public PickleWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleWriter Proto(byte version = 2) => Raw(0x80, version);

    public PickleWriter Stop() => Raw((byte)'.');

    public PickleWriter Mark() => Raw((byte)'(');

    public PickleWriter EmptyDict() => Raw((byte)'}');

    public PickleWriter EmptyList() => Raw((byte)']');

    public PickleWriter EmptyTuple() => Raw((byte)')');

    public PickleWriter Tuple() => Raw((byte)'t');

    public PickleWriter TupleN(int n) => n switch
    {
        1 => Raw(0x85),
        2 => Raw(0x86),
        3 => Raw(0x87),
        _ => throw new ArgumentOutOfRangeException(nameof(n)),
    };

    public PickleWriter SetItem() => Raw((byte)'s');

    public PickleWriter SetItems() => Raw((byte)'u');

    public PickleWriter Append() => Raw((byte)'a');

    public PickleWriter Appends() => Raw((byte)'e');

    public PickleWriter None() => Raw((byte)'N');

    public PickleWriter Bool(bool value) => Raw(value ? (byte)0x88 : (byte)0x89);

    public PickleWriter Reduce() => Raw((byte)'R');

    public PickleWriter Build() => Raw((byte)'b');

    public PickleWriter BinPersId() => Raw((byte)'Q');

    public PickleWriter Int(long value)
    {
        if (value is >= 0 and <= 0xff)
        {
            return Raw((byte)'K', (byte)value);
        }

        if (value is >= 0 and <= 0xffff)
        {
            return Raw((byte)'M', (byte)value, (byte)(value >> 8));
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            var four = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(four, (int)value);
            return Raw((byte)'J').Raw(four);
        }

        return Long1(value);
    }

    public PickleWriter Long1(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
        return Raw(0x8a, (byte)bytes.Length).Raw(bytes);
    }

    public PickleWriter Float(double value)
    {
        var eight = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(eight, value);
        return Raw((byte)'G').Raw(eight);
    }

    public PickleWriter Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        if (Py2Strings)
        {
            return utf8.Length < 256 ? Raw((byte)'U', (byte)utf8.Length).Raw(utf8) : Raw((byte)'T').Raw(Le32(utf8.Length)).Raw(utf8);
        }

        return Raw((byte)'X').Raw(Le32(utf8.Length)).Raw(utf8);
    }

    public PickleWriter ShortBinUnicode(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        return Raw(0x8c, (byte)utf8.Length).Raw(utf8);
    }

    /// <summary>BINPUT of the next memo index (LONG_BINPUT above 255).</summary>
    public int Put()
    {
        var index = _nextMemo++;
        if (index < 256)
        {
            Raw((byte)'q', (byte)index);
        }
        else
        {
            Raw((byte)'r').Raw(Le32(index));
        }

        return index;
    }

    public PickleWriter Get(int index) => index < 256 ? Raw((byte)'h', (byte)index) : Raw((byte)'j').Raw(Le32(index));

    public PickleWriter Global(string module, string name)
    {
        var key = module + "\n" + name;
        if (MemoiseGlobals && _globalMemo.TryGetValue(key, out var index))
        {
            return Get(index);
        }

        Raw((byte)'c').Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
        if (MemoiseGlobals)
        {
            _globalMemo[key] = Put();
        }

        return this;
    }

    /// <summary>A tuple of ints the way CPython writes it (EMPTY_TUPLE, TUPLE1..3 or MARK … TUPLE).</summary>
    public PickleWriter IntTuple(IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return EmptyTuple();
        }

        if (values.Count > 3)
        {
            Mark();
        }

        foreach (var v in values)
        {
            Int(v);
        }

        return values.Count > 3 ? Tuple() : TupleN(values.Count);
    }

    /// <summary>collections.OrderedDict() — GLOBAL, EMPTY_TUPLE, REDUCE.</summary>
    public PickleWriter EmptyOrderedDict() => Global("collections", "OrderedDict").EmptyTuple().Reduce();

    private static byte[] Le32(int value)
    {
        var four = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(four, value);
        return four;
    }
}
