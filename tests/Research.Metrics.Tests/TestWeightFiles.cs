using Research.Tensors.Serialization;
using Research.Testing.Torch;

namespace Research.Metrics.Tests;

/// <summary>Weight files the metric networks' loader tests write (through the shared torch file builder).</summary>
internal static class TestWeightFiles
{
    /// <summary>
    /// A torch.save file of <paramref name="tensors"/> (all F32): zip layout like torchvision's files, or the legacy
    /// layout like the LPIPS lin files (Python 2 strings, 'cuda:0' storages, 4-byte long, pair-list OrderedDict).
    /// </summary>
    /// <param name="tensors">The state dict, in order.</param>
    /// <param name="legacy">Legacy layout instead of zip.</param>
    /// <param name="archive">Top folder of a zip file ("archive" in modern torch, the file stem in older ones).</param>
    public static byte[] TorchFile(IReadOnlyList<SafetensorsTensor> tensors, bool legacy, string archive = "archive")
    {
        var storages = new List<TestStorage>();
        var entries = new List<TestTensor>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            storages.Add(TorchFileBuilder.F32(key, t.ToFloat32()));
            var size = t.Shape.Select(d => (long)d).ToArray();
            var stride = new long[size.Length];
            long step = 1;
            for (var d = size.Length - 1; d >= 0; d--)
            {
                stride[d] = step;
                step *= size[d];
            }

            entries.Add(new TestTensor(t.Name, key, 0, size, stride) { Parameter = !legacy });
        }

        return legacy
            ? TorchFileBuilder.Legacy(storages, entries, new TorchFileOptions { Py2Strings = true, PairListOrderedDict = true, Location = "cuda:0", LongSize = 4 })
            : TorchFileBuilder.Zip(storages, entries, new TorchFileOptions { Archive = archive });
    }
}
