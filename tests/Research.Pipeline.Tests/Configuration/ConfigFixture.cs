using Research.Testing;

namespace Research.Pipeline.Tests.Configuration;

/// <summary>A scratch folder with a configs/ tree and an experiment file.</summary>
internal sealed class ConfigFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Root => _dir.Path;

    public string ConfigRoot => _dir.Combine("configs");

    public string Write(string relativePath, string text)
    {
        var path = _dir.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
