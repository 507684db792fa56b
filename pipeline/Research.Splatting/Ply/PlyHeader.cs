using System.Globalization;
using System.Text;

namespace Research.Splatting.Ply;

/// <summary>The parsed header of a binary little-endian PLY file, positioned just after <c>end_header</c>.</summary>
internal sealed record PlyHeader(PlyElement Vertex, long BytesBeforeVertex)
{
    public static PlyHeader Parse(Stream stream, string source, int maxBytes)
    {
        var lines = ReadLines(stream, source, maxBytes);
        if (lines.Count == 0 || lines[0] != "ply")
        {
            throw new InvalidDataException($"{source}: not a PLY file (first line must be 'ply').");
        }

        var elements = new List<(string Name, int Count, List<PlyProperty> Props, bool List)>();
        var sawFormat = false;
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] is "comment" or "obj_info")
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"header line {i + 1} '{line}'");
            switch (parts[0])
            {
                case "format":
                    if (parts.Length != 3 || parts[1] != "binary_little_endian" || parts[2] != "1.0")
                    {
                        throw new InvalidDataException($"{source}: {where}: only 'format binary_little_endian 1.0' is supported.");
                    }

                    sawFormat = true;
                    break;
                case "element":
                    if (parts.Length != 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        throw new InvalidDataException($"{source}: {where}: expected 'element <name> <count>' with a count in 0..{int.MaxValue}.");
                    }

                    elements.Add((parts[1], count, [], false));
                    break;
                case "property":
                    if (elements.Count == 0)
                    {
                        throw new InvalidDataException($"{source}: {where}: property before any element.");
                    }

                    var last = elements[^1];
                    if (parts.Length == 5 && parts[1] == "list")
                    {
                        elements[^1] = (last.Name, last.Count, last.Props, true);
                        break;
                    }

                    if (parts.Length != 3 || PlyScalarType.Find(parts[1]) is not { } type)
                    {
                        throw new InvalidDataException($"{source}: {where}: expected 'property <type> <name>' with a PLY scalar type.");
                    }

                    last.Props.Add(new PlyProperty(parts[2], type));
                    break;
                default:
                    throw new InvalidDataException($"{source}: {where}: unknown header keyword '{parts[0]}'.");
            }
        }

        if (!sawFormat)
        {
            throw new InvalidDataException($"{source}: header has no 'format' line.");
        }

        long before = 0;
        foreach (var e in elements)
        {
            if (e.Name == "vertex")
            {
                if (e.List)
                {
                    throw new InvalidDataException($"{source}: the vertex element has a list property; 3DGS files have only scalar ones.");
                }

                return new PlyHeader(new PlyElement(e.Name, e.Count, e.Props, false), before);
            }

            if (e.List)
            {
                throw new InvalidDataException($"{source}: element '{e.Name}' with a list property comes before 'vertex'; not supported.");
            }

            before += (long)e.Count * e.Props.Sum(p => p.Type.Size);
        }

        throw new InvalidDataException($"{source}: header has no 'vertex' element.");
    }

    // Reads ASCII lines up to and including 'end_header', byte by byte so the stream stays at the binary payload.
    private static List<string> ReadLines(Stream stream, string source, int maxBytes)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        for (var total = 0; total < maxBytes; total++)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException($"{source}: truncated header (no 'end_header').");
            }

            if (b == '\n')
            {
                var line = current.ToString().TrimEnd('\r');
                current.Clear();
                if (line == "end_header")
                {
                    return lines;
                }

                lines.Add(line);
                continue;
            }

            if (b is < 0x20 and not '\r' and not '\t' || b > 0x7e)
            {
                throw new InvalidDataException($"{source}: non-ASCII byte 0x{b:x2} in the header (line {lines.Count + 1}).");
            }

            current.Append((char)b);
        }

        throw new InvalidDataException($"{source}: header longer than {maxBytes} bytes without 'end_header'.");
    }
}
