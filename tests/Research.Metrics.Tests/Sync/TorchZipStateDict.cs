using System.IO.Compression;
using System.Text;
using Research.Tensors.Serialization;

namespace Research.Metrics.Tests.Sync;

/// <summary>
/// Writes a float32 state dict as a minimal torch zip checkpoint (<c>torch.save</c> since 1.6): <c>archive/data.pkl</c>
/// (pickle protocol 2: an OrderedDict of <c>torch._utils._rebuild_tensor_v2</c> calls with persistent storage ids)
/// plus one raw little-endian storage per tensor under <c>archive/data/&lt;key&gt;</c>.
/// </summary>
internal static class TorchZipStateDict
{
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var pickle = new MemoryStream();
        var w = new BinaryWriter(pickle);
        w.Write((byte)0x80);
        w.Write((byte)2);
        Global(w, "collections", "OrderedDict");
        w.Write((byte)')');
        w.Write((byte)'R');
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var values = t.ToFloat32();
            Unicode(w, t.Name);
            Global(w, "torch._utils", "_rebuild_tensor_v2");
            w.Write((byte)'(');
            w.Write((byte)'(');
            Unicode(w, "storage");
            Global(w, "torch", "FloatStorage");
            Unicode(w, key);
            Unicode(w, "cpu");
            Int(w, values.Length);
            w.Write((byte)'t');
            w.Write((byte)'Q');
            Int(w, 0);
            w.Write((byte)'(');
            foreach (var s in t.Shape)
            {
                Int(w, s);
            }

            w.Write((byte)'t');
            w.Write((byte)'(');
            var stride = 1;
            var strides = new int[t.Shape.Count];
            for (var d = t.Shape.Count - 1; d >= 0; d--)
            {
                strides[d] = stride;
                stride *= t.Shape[d];
            }

            foreach (var s in strides)
            {
                Int(w, s);
            }

            w.Write((byte)'t');
            w.Write((byte)0x89);
            Global(w, "collections", "OrderedDict");
            w.Write((byte)')');
            w.Write((byte)'R');
            w.Write((byte)'t');
            w.Write((byte)'R');
            w.Write((byte)'s');

            var entry = zip.CreateEntry($"archive/data/{key}", CompressionLevel.NoCompression);
            using var es = entry.Open();
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            es.Write(bytes);
        }

        w.Write((byte)'.');
        w.Flush();
        Add(zip, "archive/data.pkl", pickle.ToArray());
        Add(zip, "archive/version", Encoding.ASCII.GetBytes("3\n"));
        Add(zip, "archive/byteorder", Encoding.ASCII.GetBytes("little"));
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(content);
    }

    private static void Global(BinaryWriter w, string module, string name)
    {
        w.Write((byte)'c');
        w.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void Unicode(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((byte)'X');
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static void Int(BinaryWriter w, int v)
    {
        w.Write((byte)'J');
        w.Write(v);
    }
}
