using System.Globalization;
using System.Text;

namespace Research.Media.Npy;

/// <summary>
/// The header dict of a .npy file, parsed by a tiny Python-literal reader (strings, True/False/None, integers,
/// tuples, lists, dicts). Nothing is evaluated, so a hostile header can only fail to parse.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape)
{
    private const int MaxDepth = 8;

    public static NpyHeader Parse(string text, string sourceName)
    {
        object? value;
        try
        {
            var reader = new LiteralReader(text);
            value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw new FormatException($"unexpected text after the dict at offset {reader.Position}");
            }
        }
        catch (FormatException e)
        {
            throw new MediaFormatException(sourceName, $"the .npy header is not a valid Python dict literal ({e.Message}); re-save the array with np.save.", e);
        }

        if (value is not Dictionary<string, object?> dict)
        {
            throw new MediaFormatException(sourceName, "the .npy header is not a dict; re-save the array with np.save.");
        }

        var descr = Required(dict, "descr", sourceName) switch
        {
            string s => s,
            List<object?> => throw new MediaFormatException(sourceName, "structured (record) dtypes are not supported; save each field as its own array."),
            _ => throw new MediaFormatException(sourceName, "the .npy header 'descr' is not a string; re-save the array with np.save."),
        };

        var fortranOrder = Required(dict, "fortran_order", sourceName) as bool?
            ?? throw new MediaFormatException(sourceName, "the .npy header 'fortran_order' is not True or False; re-save the array with np.save.");

        if (Required(dict, "shape", sourceName) is not object?[] tuple)
        {
            throw new MediaFormatException(sourceName, "the .npy header 'shape' is not a tuple; re-save the array with np.save.");
        }

        var shape = new int[tuple.Length];
        for (var i = 0; i < tuple.Length; i++)
        {
            if (tuple[i] is not long dim || dim < 0 || dim > int.MaxValue)
            {
                throw new MediaFormatException(sourceName, "the .npy header 'shape' must hold non-negative integers below 2^31; re-save the array with np.save.");
            }

            shape[i] = (int)dim;
        }

        return new NpyHeader(descr, fortranOrder, shape);
    }

    private static object? Required(Dictionary<string, object?> dict, string key, string sourceName) =>
        dict.TryGetValue(key, out var v)
            ? v
            : throw new MediaFormatException(sourceName, $"the .npy header has no '{key}' key; re-save the array with np.save.");

    /// <summary>Recursive-descent reader for the literal subset NumPy headers use.</summary>
    private sealed class LiteralReader(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("nesting is too deep");
            }

            SkipWhitespace();
            if (AtEnd)
            {
                throw new FormatException("unexpected end of header");
            }

            var c = text[Position];
            switch (c)
            {
                case '{':
                    return ReadDict(depth);
                case '(':
                    return ReadSequence(')', depth).ToArray();
                case '[':
                    return ReadSequence(']', depth);
                case '\'' or '"':
                    return ReadString();
                case '-' or '+':
                case >= '0' and <= '9':
                    return ReadInteger();
                default:
                    var word = ReadWord();
                    return word switch
                    {
                        "True" => true,
                        "False" => false,
                        "None" => null,
                        _ => throw new FormatException($"unexpected '{word}' at offset {Position - word.Length}"),
                    };
            }
        }

        private Dictionary<string, object?> ReadDict(int depth)
        {
            Position++;
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipWhitespace();
                if (Peek() == '}')
                {
                    Position++;
                    return dict;
                }

                SkipWhitespace();
                if (Peek() is not ('\'' or '"'))
                {
                    throw new FormatException($"expected a string key at offset {Position}");
                }

                var key = ReadString();
                SkipWhitespace();
                Expect(':');
                dict[key] = ReadValue(depth + 1);
                SkipWhitespace();
                if (Peek() == ',')
                {
                    Position++;
                }
                else if (Peek() != '}')
                {
                    throw new FormatException($"expected ',' or '}}' at offset {Position}");
                }
            }
        }

        private List<object?> ReadSequence(char close, int depth)
        {
            Position++;
            var items = new List<object?>();
            while (true)
            {
                SkipWhitespace();
                if (Peek() == close)
                {
                    Position++;
                    return items;
                }

                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    Position++;
                }
                else if (Peek() != close)
                {
                    throw new FormatException($"expected ',' or '{close}' at offset {Position}");
                }
            }
        }

        private string ReadString()
        {
            var quote = text[Position++];
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("unterminated string");
                }

                var c = text[Position++];
                if (c == quote)
                {
                    return sb.ToString();
                }

                if (c == '\\')
                {
                    // Dtype strings never need escapes; keep the escaped character literally.
                    if (AtEnd)
                    {
                        throw new FormatException("unterminated string");
                    }

                    c = text[Position++];
                }

                sb.Append(c);
            }
        }

        private long ReadInteger()
        {
            var start = Position;
            if (text[Position] is '-' or '+')
            {
                Position++;
            }

            while (!AtEnd && char.IsAsciiDigit(text[Position]))
            {
                Position++;
            }

            var digits = text[start..Position];

            // Python 2 era NumPy wrote long integers with an 'L' suffix, e.g. (3L, 4L).
            if (!AtEnd && text[Position] == 'L')
            {
                Position++;
            }

            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"invalid integer '{digits}' at offset {start}");
        }

        private string ReadWord()
        {
            var start = Position;
            while (!AtEnd && char.IsAsciiLetterOrDigit(text[Position]))
            {
                Position++;
            }

            if (Position == start)
            {
                throw new FormatException($"unexpected '{text[Position]}' at offset {Position}");
            }

            return text[start..Position];
        }

        private char Peek() => AtEnd ? throw new FormatException("unexpected end of header") : text[Position];

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"expected '{c}' at offset {Position}");
            }

            Position++;
        }
    }
}
