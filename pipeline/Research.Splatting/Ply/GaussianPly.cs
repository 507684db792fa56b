using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Research.Splatting.Ply;

/// <summary>
/// Reads and writes Gaussians in the standard 3DGS PLY layout: <c>binary_little_endian 1.0</c>, one <c>vertex</c>
/// element with float properties <c>x y z nx ny nz f_dc_0..2 f_rest_0..(3K−1) opacity scale_0..2 rot_0..3</c>.
/// f_rest is channel-major (3DGS transposes features_rest [N,K,3] to [N,3,K] before flattening), so
/// f_rest_{c·K+k} = rest[n,k,c]. Opacity and scales are raw (pre-activation); normals are written as zeros.
/// </summary>
public static class GaussianPly
{
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically (temporary file in the same folder, then rename).</summary>
    /// <param name="path">Destination; its folder is created.</param>
    /// <param name="data">The Gaussians.</param>
    public static void Write(string path, GaussianPlyData data)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream, data);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to a stream.</summary>
    /// <param name="stream">Destination stream.</param>
    /// <param name="data">The Gaussians.</param>
    public static void Write(Stream stream, GaussianPlyData data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(data);
        var names = PropertyNames(data.ShDegree);
        var header = new StringBuilder();
        header.Append("ply\nformat binary_little_endian 1.0\n");
        header.Append(CultureInfo.InvariantCulture, $"element vertex {data.Count}\n");
        foreach (var name in names)
        {
            header.Append("property float ").Append(name).Append('\n');
        }

        header.Append("end_header\n");
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));

        var k = GaussianPlyData.RestCoefficients(data.ShDegree);
        var row = new float[names.Count];
        var bytes = new byte[names.Count * 4];
        for (var n = 0; n < data.Count; n++)
        {
            var c = 0;
            for (var i = 0; i < 3; i++)
            {
                row[c++] = data.Means[(n * 3) + i];
            }

            for (var i = 0; i < 3; i++)
            {
                row[c++] = 0f;
            }

            for (var i = 0; i < 3; i++)
            {
                row[c++] = data.FeaturesDc[(n * 3) + i];
            }

            for (var ch = 0; ch < 3; ch++)
            {
                for (var j = 0; j < k; j++)
                {
                    row[c++] = data.FeaturesRest[(((long)n * k) + j) * 3 + ch];
                }
            }

            row[c++] = data.Opacities[n];
            for (var i = 0; i < 3; i++)
            {
                row[c++] = data.Scales[(n * 3) + i];
            }

            for (var i = 0; i < 4; i++)
            {
                row[c++] = data.Rotations[(n * 4) + i];
            }

            for (var i = 0; i < row.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), BitConverter.SingleToInt32Bits(row[i]));
            }

            stream.Write(bytes);
        }
    }

    /// <summary>Reads a 3DGS PLY file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The Gaussians; the SH degree is inferred from the number of f_rest properties.</returns>
    /// <exception cref="InvalidDataException">Malformed header, unsupported format, missing properties or truncated data; the message names the file.</exception>
    public static GaussianPlyData Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads 3DGS PLY data from a stream.</summary>
    /// <param name="stream">Source stream, positioned at the start of the header.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <returns>The Gaussians.</returns>
    /// <exception cref="InvalidDataException">Malformed header, unsupported format, missing properties or truncated data.</exception>
    public static GaussianPlyData Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = PlyHeader.Parse(stream, sourceName, MaxHeaderBytes);
        var vertex = header.Vertex;
        var n = vertex.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < vertex.Properties.Count; i++)
        {
            if (!index.TryAdd(vertex.Properties[i].Name, i))
            {
                throw new InvalidDataException($"{sourceName}: vertex property '{vertex.Properties[i].Name}' appears twice.");
            }
        }

        var restCount = 0;
        while (index.ContainsKey("f_rest_" + restCount.ToString(CultureInfo.InvariantCulture)))
        {
            restCount++;
        }

        var degree = -1;
        for (var d = 0; d <= 4; d++)
        {
            if (3 * GaussianPlyData.RestCoefficients(d) == restCount)
            {
                degree = d;
            }
        }

        if (degree < 0)
        {
            throw new InvalidDataException($"{sourceName}: {restCount} f_rest properties (f_rest_0..f_rest_{restCount - 1}) is not 3·((deg+1)²−1) for any SH degree 0..4.");
        }

        var k = GaussianPlyData.RestCoefficients(degree);
        var required = PropertyNames(degree).Where(p => p[0] != 'n').ToArray();
        var columns = new int[required.Length];
        for (var i = 0; i < required.Length; i++)
        {
            columns[i] = index.TryGetValue(required[i], out var c) ? c : throw new InvalidDataException($"{sourceName}: vertex element lacks required property '{required[i]}'.");
        }

        // Skip elements stored before the vertex element (fixed-size ones only).
        SkipExact(stream, header.BytesBeforeVertex, sourceName, "elements before 'vertex'");

        var stride = vertex.Stride;
        var offsets = new int[vertex.Properties.Count];
        for (int i = 0, o = 0; i < offsets.Length; i++)
        {
            offsets[i] = o;
            o += vertex.Properties[i].Type.Size;
        }

        if (stream.CanSeek && stream.Length - stream.Position < (long)n * stride)
        {
            throw new InvalidDataException($"{sourceName}: truncated: {n} vertices of {stride} bytes need {(long)n * stride} bytes, only {stream.Length - stream.Position} remain.");
        }

        var means = new float[n * 3L];
        var dc = new float[n * 3L];
        var rest = new float[n * 3L * k];
        var opacity = new float[n];
        var scales = new float[n * 3L];
        var rotations = new float[n * 4L];
        var buffer = new byte[stride];
        var values = new float[required.Length];
        for (var v = 0; v < n; v++)
        {
            try
            {
                stream.ReadExactly(buffer);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{sourceName}: truncated at vertex {v} of {n}.", e);
            }

            for (var i = 0; i < columns.Length; i++)
            {
                var p = vertex.Properties[columns[i]];
                values[i] = p.Type.ReadAsFloat(buffer.AsSpan(offsets[columns[i]]));
            }

            // Order of 'required': x y z f_dc_0..2 f_rest_* (channel-major) opacity scale_0..2 rot_0..3.
            var c = 0;
            for (var i = 0; i < 3; i++)
            {
                means[(v * 3L) + i] = values[c++];
            }

            for (var i = 0; i < 3; i++)
            {
                dc[(v * 3L) + i] = values[c++];
            }

            for (var ch = 0; ch < 3; ch++)
            {
                for (var j = 0; j < k; j++)
                {
                    rest[((((long)v * k) + j) * 3) + ch] = values[c++];
                }
            }

            opacity[v] = values[c++];
            for (var i = 0; i < 3; i++)
            {
                scales[(v * 3L) + i] = values[c++];
            }

            for (var i = 0; i < 4; i++)
            {
                rotations[(v * 4L) + i] = values[c++];
            }
        }

        return new GaussianPlyData(n, degree, means, dc, rest, opacity, scales, rotations);
    }

    /// <summary>The vertex property names 3DGS writes for SH degree <paramref name="shDegree"/>, in order.</summary>
    /// <param name="shDegree">SH degree.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> PropertyNames(int shDegree)
    {
        var names = new List<string> { "x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2" };
        var rest = 3 * GaussianPlyData.RestCoefficients(shDegree);
        for (var i = 0; i < rest; i++)
        {
            names.Add("f_rest_" + i.ToString(CultureInfo.InvariantCulture));
        }

        names.Add("opacity");
        names.AddRange(["scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"]);
        return names;
    }

    private static void SkipExact(Stream stream, long bytes, string source, string what)
    {
        var buffer = new byte[8192];
        while (bytes > 0)
        {
            var r = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, bytes));
            if (r == 0)
            {
                throw new InvalidDataException($"{source}: truncated in {what}.");
            }

            bytes -= r;
        }
    }
}
