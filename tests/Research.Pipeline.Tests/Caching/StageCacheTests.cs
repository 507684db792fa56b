using NUnit.Framework;
using Research.Pipeline.Caching;

namespace Research.Pipeline.Tests.Caching;

public class StageCacheTests
{
    private static string Key(string name = "train", int code = 1, string parameters = "{\"iterations\":2000}", string input = "abc", string tool = "5.1", int? seed = 7) =>
        StageCache.ComputeKey(name, code, parameters, new Dictionary<string, string> { ["frames"] = input, ["audio"] = "def" }, new Dictionary<string, string> { ["ffmpeg"] = tool }, seed);

    [Test]
    public void Should_give_the_same_key_for_the_same_components_regardless_of_dictionary_order()
    {
        var reordered = StageCache.ComputeKey("train", 1, "{\"iterations\":2000}", new Dictionary<string, string> { ["audio"] = "def", ["frames"] = "abc" }, new Dictionary<string, string> { ["ffmpeg"] = "5.1" }, 7);

        Assert.That(Key(), Is.EqualTo(reordered));
        Assert.That(Key(), Has.Length.EqualTo(64));
    }

    [Test]
    public void Should_change_the_key_for_every_kind_of_change()
    {
        var changed = new[]
        {
            Key(name: "render"), Key(code: 2), Key(parameters: "{\"iterations\":3000}"), Key(input: "abd"), Key(tool: "6.0"), Key(seed: 8), Key(seed: null),
        };

        Assert.That(changed, Has.None.EqualTo(Key()));
        Assert.That(changed.Distinct().Count(), Is.EqualTo(changed.Length));
    }

    [Test]
    public void Should_hash_directories_by_relative_paths_and_contents()
    {
        using var a = new Research.Testing.TempDirectory();
        using var b = new Research.Testing.TempDirectory();
        foreach (var d in new[] { a, b })
        {
            Directory.CreateDirectory(d.Combine("sub"));
            File.WriteAllText(d.Combine("sub", "x.txt"), "1");
            File.WriteAllText(d.Combine("y.txt"), "2");
        }

        Assert.That(ContentHasher.HashPath(a.Path), Is.EqualTo(ContentHasher.HashPath(b.Path)));
        File.WriteAllText(b.Combine("y.txt"), "3");
        Assert.That(ContentHasher.HashPath(a.Path), Is.Not.EqualTo(ContentHasher.HashPath(b.Path)));
    }

    [Test]
    public void Should_explain_parameter_changes_with_old_and_new_values()
    {
        var before = Record("{\"method\":{\"iterations\":2000,\"lr\":0.1}}");
        var after = Record("{\"method\":{\"iterations\":3000,\"lr\":0.1}}");

        Assert.That(MissReason.Explain(before, after, outputsMissing: false), Is.EqualTo("params changed: method.iterations 2000 → 3000"));
        Assert.That(MissReason.Explain(null, after, outputsMissing: false), Is.EqualTo("never run"));
    }

    private static StageRecord Record(string parameters) => new()
    {
        Key = "k",
        StageId = "job/train",
        Name = "train",
        CodeVersion = 1,
        Parameters = parameters,
        Inputs = new(StringComparer.Ordinal),
        Tools = new(StringComparer.Ordinal),
        OutputHash = string.Empty,
    };
}
