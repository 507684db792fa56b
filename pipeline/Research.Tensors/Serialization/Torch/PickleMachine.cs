using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Research.Tensors.Serialization.Torch;

/// <summary>
/// A pickle virtual machine for the opcode subset that torch.save emits (metrics.md §10.3). It builds plain data
/// (see PickleValues.cs) and calls only the allow-listed globals of <see cref="PickleGlobals"/>, each
/// interpreted here by hand; any other global or opcode stops with an error naming it and its byte offset.
/// </summary>
internal sealed class PickleMachine
{
    /// <summary>Deepest MARK nesting and deepest tuple nesting accepted.</summary>
    public const int MaxDepth = 256;

    /// <summary>Most memo entries and stack items accepted (far above any real checkpoint).</summary>
    public const int MaxItems = 1 << 24;

    private readonly TorchInput _input;
    private readonly Func<PickleTuple, long, object>? _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private long _opcodeOffset;

    private PickleMachine(TorchInput input, Func<PickleTuple, long, object>? persistentLoad)
    {
        _input = input;
        _persistentLoad = persistentLoad;
    }

    /// <summary>
    /// Runs one pickle from the input's current position up to and including its STOP opcode and returns the result.
    /// <paramref name="persistentLoad"/> resolves BINPERSID ids (null: persistent ids are an error).
    /// </summary>
    public static object? Load(TorchInput input, Func<PickleTuple, long, object>? persistentLoad) =>
        new PickleMachine(input, persistentLoad).Run();

    private object? Run()
    {
        while (true)
        {
            _opcodeOffset = _input.Position;
            var op = _input.ReadByte("a pickle opcode");
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = _input.ReadByte("PROTO");
                    if (protocol > 5)
                    {
                        throw Unsupported($"pickle protocol {protocol}");
                    }

                    break;
                case 0x95: // FRAME: framing is only a hint for buffered readers.
                    var frame = ReadUInt64("FRAME");
                    if (frame > (ulong)_input.Remaining)
                    {
                        throw Malformed($"FRAME of {frame} bytes runs past the end ({_input.Remaining} left)");
                    }

                    break;
                case (byte)'.': // STOP
                    return Pop();
                case (byte)'(': // MARK
                    if (_marks.Count >= MaxDepth)
                    {
                        throw Malformed($"MARK nesting deeper than {MaxDepth}");
                    }

                    _marks.Add(_stack.Count);
                    break;
                case (byte)'}': // EMPTY_DICT
                    Push(new PickleDict());
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new PickleList());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(PickleTuple.Empty);
                    break;
                case (byte)'t': // TUPLE
                    Push(MakeTuple(PopMark()));
                    break;
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: // TUPLE3
                    var count = op - 0x84;
                    var items = new object?[count];
                    for (var i = count - 1; i >= 0; i--)
                    {
                        items[i] = Pop();
                    }

                    Push(MakeTuple(items));
                    break;
                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    AsDict(Peek(), "SETITEM").Set(key, value, Malformed);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    var pairs = PopMark();
                    if (pairs.Length % 2 != 0)
                    {
                        throw Malformed("SETITEMS with an odd number of items");
                    }

                    var dict = AsDict(Peek(), "SETITEMS");
                    for (var i = 0; i < pairs.Length; i += 2)
                    {
                        dict.Set(pairs[i], pairs[i + 1], Malformed);
                    }

                    break;
                }

                case (byte)'a': // APPEND
                {
                    var value = Pop();
                    AsList(Peek(), "APPEND").Items.Add(value);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    var values = PopMark();
                    AsList(Peek(), "APPENDS").Items.AddRange(values);
                    break;
                }

                case (byte)'J': // BININT
                    Push((long)ReadInt32("BININT"));
                    break;
                case (byte)'K': // BININT1
                    Push((long)_input.ReadByte("BININT1"));
                    break;
                case (byte)'M': // BININT2
                {
                    Span<byte> two = stackalloc byte[2];
                    _input.ReadExactly(two, "BININT2");
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(two));
                    break;
                }

                case 0x8a: // LONG1
                    Push(ReadLong(_input.ReadByte("LONG1"), "LONG1"));
                    break;
                case 0x8b: // LONG4
                    Push(ReadLong(ReadInt32("LONG4"), "LONG4"));
                    break;
                case (byte)'G': // BINFLOAT (big-endian)
                {
                    Span<byte> eight = stackalloc byte[8];
                    _input.ReadExactly(eight, "BINFLOAT");
                    Push(BinaryPrimitives.ReadDoubleBigEndian(eight));
                    break;
                }

                case (byte)'N': // NONE
                    Push(null);
                    break;
                case 0x88: // NEWTRUE
                    Push(true);
                    break;
                case 0x89: // NEWFALSE
                    Push(false);
                    break;
                case (byte)'X': // BINUNICODE
                    Push(ReadUtf8(ReadUInt32("BINUNICODE"), "BINUNICODE", strict: true));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(ReadUtf8(_input.ReadByte("SHORT_BINUNICODE"), "SHORT_BINUNICODE", strict: true));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(ReadUtf8(ToLength(ReadUInt64("BINUNICODE8")), "BINUNICODE8", strict: true));
                    break;
                case (byte)'U': // SHORT_BINSTRING (Python 2 str; torch.load decodes it as UTF-8)
                    Push(ReadUtf8(_input.ReadByte("SHORT_BINSTRING"), "SHORT_BINSTRING", strict: false));
                    break;
                case (byte)'T': // BINSTRING
                    Push(ReadUtf8(ReadInt32("BINSTRING"), "BINSTRING", strict: false));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(_input.ReadBytes(_input.ReadByte("SHORT_BINBYTES"), "SHORT_BINBYTES"));
                    break;
                case (byte)'B': // BINBYTES
                    Push(_input.ReadBytes(ReadUInt32("BINBYTES"), "BINBYTES"));
                    break;
                case (byte)'q': // BINPUT
                    Put(_input.ReadByte("BINPUT"));
                    break;
                case (byte)'r': // LONG_BINPUT
                    Put(ReadUInt32("LONG_BINPUT"));
                    break;
                case 0x94: // MEMOIZE
                    Put(_memo.Count);
                    break;
                case (byte)'h': // BINGET
                    Get(_input.ReadByte("BINGET"));
                    break;
                case (byte)'j': // LONG_BINGET
                    Get(ReadUInt32("LONG_BINGET"));
                    break;
                case (byte)'c': // GLOBAL
                {
                    var module = ReadLine("GLOBAL module");
                    var name = ReadLine("GLOBAL name");
                    Push(Global(module, name));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n)
                    {
                        throw Malformed($"STACK_GLOBAL needs two strings, got {PickleText.TypeName(module)} and {PickleText.TypeName(name)}");
                    }

                    Push(Global(m, n));
                    break;
                }

                case (byte)'R': // REDUCE
                {
                    var args = Pop();
                    var callable = Pop();
                    Push(Call(callable, args));
                    break;
                }

                case 0x81: // NEWOBJ: only OrderedDict.__new__ (an empty dict).
                {
                    var args = Pop();
                    var cls = Pop();
                    if (cls is PickleGlobal { Kind: PickleGlobalKind.OrderedDict } && args is PickleTuple { Items.Length: 0 })
                    {
                        Push(new PickleDict());
                        break;
                    }

                    throw Unsupported($"NEWOBJ of {PickleText.TypeName(cls)}");
                }

                case (byte)'b': // BUILD
                {
                    var state = Pop();
                    var target = Peek();
                    if (target is not PickleDict dict)
                    {
                        throw Unsupported($"BUILD on {PickleText.TypeName(target)}");
                    }

                    // OrderedDict state is its __dict__ (e.g. '_metadata'); keep it, it carries no tensors we use.
                    dict.State = state;
                    break;
                }

                case (byte)'Q': // BINPERSID
                {
                    var pid = Pop();
                    if (_persistentLoad is null)
                    {
                        throw Unsupported("persistent id in a pickle that must not have any");
                    }

                    if (pid is not PickleTuple tuple)
                    {
                        throw Malformed($"persistent id is a {PickleText.TypeName(pid)}, not a tuple");
                    }

                    Push(_persistentLoad(tuple, _opcodeOffset));
                    break;
                }

                default:
                    var printable = op is >= 0x20 and < 0x7f ? $" ('{(char)op}')" : "";
                    throw Unsupported($"opcode 0x{op:x2}{printable}");
            }
        }
    }

    private InvalidDataException Unsupported(string what) =>
        _input.Error($"unsafe or unsupported pickle: {what} is not allowed (byte offset {_opcodeOffset})");

    private InvalidDataException Malformed(string what) =>
        _input.Error($"malformed pickle at byte offset {_opcodeOffset}: {what}");

    private PickleGlobal Global(string module, string name) =>
        PickleGlobals.Find(module, name)
        ?? throw _input.Error($"unsafe or unsupported pickle: global '{module} {name}' is not allowed (byte offset {_opcodeOffset})");

    private object Call(object? callable, object? args)
    {
        if (callable is not PickleGlobal global)
        {
            throw Unsupported($"REDUCE on {PickleText.TypeName(callable)}");
        }

        if (args is not PickleTuple tuple)
        {
            throw Malformed($"REDUCE arguments are a {PickleText.TypeName(args)}, not a tuple");
        }

        var a = tuple.Items;
        switch (global.Kind)
        {
            case PickleGlobalKind.OrderedDict:
                return MakeOrderedDict(a);
            case PickleGlobalKind.Size:
                if (a.Length != 1 || a[0] is not PickleTuple sizes)
                {
                    throw Malformed("torch.Size expects one tuple");
                }

                return sizes;
            case PickleGlobalKind.RebuildTensorV2 when a.Length is 6 or 7:
            case PickleGlobalKind.RebuildTensor when a.Length == 4:
                if (a[0] is not TorchStorageRef storage)
                {
                    throw Malformed($"{global} expects a storage first, got {PickleText.TypeName(a[0])}");
                }

                var offset = AsInt(a[1], "storage_offset");
                var size = AsInts(a[2], "size");
                var stride = AsInts(a[3], "stride");
                if (size.Length != stride.Length)
                {
                    throw Malformed($"tensor size has {size.Length} dimensions but stride has {stride.Length}");
                }

                return new TorchTensorRef(storage, offset, size, stride);
            case PickleGlobalKind.RebuildParameter when a.Length == 3:
                return a[0] as TorchTensorRef ?? throw Malformed($"_rebuild_parameter expects a tensor, got {PickleText.TypeName(a[0])}");
            default:
                throw Unsupported($"calling {global} with {a.Length} arguments");
        }
    }

    private PickleDict MakeOrderedDict(object?[] args)
    {
        var dict = new PickleDict();
        if (args.Length == 0)
        {
            return dict;
        }

        // OrderedDict(iterable of pairs): the LPIPS files pass a list of [key, value] lists.
        var source = args.Length == 1 ? args[0] : null;
        var pairs = source switch
        {
            PickleList list => list.Items,
            PickleTuple t => (IReadOnlyList<object?>)t.Items,
            _ => throw Unsupported($"OrderedDict({args.Length} arguments of type {PickleText.TypeName(args[0])})"),
        };
        foreach (var pair in pairs)
        {
            var kv = pair switch
            {
                PickleList { Items.Count: 2 } l => (IReadOnlyList<object?>)l.Items,
                PickleTuple { Items.Length: 2 } t => t.Items,
                _ => throw Malformed($"OrderedDict item is a {PickleText.TypeName(pair)}, not a key-value pair"),
            };
            dict.Set(kv[0], kv[1], Malformed);
        }

        return dict;
    }

    private long AsInt(object? value, string what) =>
        value is long l ? l : throw Malformed($"tensor {what} is a {PickleText.TypeName(value)}, not an int");

    private long[] AsInts(object? value, string what)
    {
        if (value is not PickleTuple tuple)
        {
            throw Malformed($"tensor {what} is a {PickleText.TypeName(value)}, not a tuple");
        }

        return [.. tuple.Items.Select(i => AsInt(i, what))];
    }

    private PickleTuple MakeTuple(object?[] items)
    {
        var tuple = new PickleTuple(items);
        return tuple.Depth <= MaxDepth ? tuple : throw Malformed($"tuples nested deeper than {MaxDepth}");
    }

    private PickleDict AsDict(object? value, string op) =>
        value as PickleDict ?? throw Unsupported($"{op} on {PickleText.TypeName(value)}");

    private PickleList AsList(object? value, string op) =>
        value as PickleList ?? throw Unsupported($"{op} on {PickleText.TypeName(value)}");

    private void Push(object? value)
    {
        if (_stack.Count >= MaxItems)
        {
            throw Malformed($"more than {MaxItems} items on the stack");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        var floor = _marks.Count == 0 ? 0 : _marks[^1];
        if (_stack.Count <= floor)
        {
            throw Malformed("stack underflow");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        var floor = _marks.Count == 0 ? 0 : _marks[^1];
        return _stack.Count > floor ? _stack[^1] : throw Malformed("stack underflow");
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Malformed("no MARK to pop to");
        }

        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void Put(long index)
    {
        if (!_memo.ContainsKey(index) && _memo.Count >= MaxItems)
        {
            throw Malformed($"more than {MaxItems} memo entries");
        }

        _memo[index] = Peek();
    }

    private void Get(long index)
    {
        if (!_memo.TryGetValue(index, out var value))
        {
            throw Malformed($"memo entry {index} was never stored");
        }

        Push(value);
    }

    private int ReadInt32(string what)
    {
        Span<byte> four = stackalloc byte[4];
        _input.ReadExactly(four, what);
        return BinaryPrimitives.ReadInt32LittleEndian(four);
    }

    private uint ReadUInt32(string what)
    {
        Span<byte> four = stackalloc byte[4];
        _input.ReadExactly(four, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(four);
    }

    private ulong ReadUInt64(string what)
    {
        Span<byte> eight = stackalloc byte[8];
        _input.ReadExactly(eight, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(eight);
    }

    private long ToLength(ulong length) => length <= long.MaxValue ? (long)length : throw Malformed($"length {length} is too large");

    private object ReadLong(long length, string what)
    {
        if (length < 0)
        {
            throw Malformed($"{what} with negative length {length}");
        }

        if (length > 1 << 16)
        {
            throw Unsupported($"{what} integer of {length} bytes");
        }

        var bytes = _input.ReadBytes(length, what);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        // Box as long when it fits: a ternary would silently widen both arms to BigInteger.
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private string ReadUtf8(long length, string what, bool strict)
    {
        if (length < 0)
        {
            throw Malformed($"{what} with negative length {length}");
        }

        var bytes = _input.ReadBytes(length, what);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException) when (!strict)
        {
            // A Python 2 byte string that is not UTF-8: keep the bytes one-to-one.
            return Encoding.Latin1.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"{what} is not valid UTF-8");
        }
    }

    private string ReadLine(string what)
    {
        var builder = new StringBuilder();
        while (true)
        {
            var b = _input.ReadByte(what);
            if (b == (byte)'\n')
            {
                return builder.ToString();
            }

            if (b < 0x20 || b >= 0x7f || builder.Length >= 256)
            {
                throw Malformed($"{what} is not a short printable ASCII line");
            }

            builder.Append((char)b);
        }
    }
}
