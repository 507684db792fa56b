using System.Text.Json;
using NUnit.Framework;
using Research.Tensors.Serialization;

namespace Research.Cli.Tests;

/// <summary><c>research weights inspect|convert</c>.</summary>
public class WeightsCommandTests
{
    private string scratch = null!;

    [SetUp]
    public void SetUp() => scratch = Directory.CreateTempSubdirectory("research-weights-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(scratch, recursive: true);

    [Test]
    public async Task Inspect_lists_names_dtypes_and_shapes_as_json()
    {
        var path = WriteSafetensors("w.safetensors");

        var result = await CliHarness.Run("weights", "inspect", path, "--json");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("format").GetString(), Is.EqualTo("safetensors"));
        var tensors = json.RootElement.GetProperty("tensors").EnumerateArray().OrderBy(t => t.GetProperty("name").GetString(), StringComparer.Ordinal).ToList();
        Assert.That(tensors.Select(t => t.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "model.lin0.weight", "model.step" }));
        Assert.That(tensors[0].GetProperty("dtype").GetString(), Is.EqualTo("F32"));
        Assert.That(tensors[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), Is.EqualTo(new[] { 1, 3, 1, 1 }));
    }

    [Test]
    public async Task Inspect_prints_a_table_with_the_element_count()
    {
        var result = await CliHarness.Run("weights", "inspect", WriteSafetensors("w.safetensors"));

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("model.lin0.weight").And.Contain("[1, 3, 1, 1]").And.Contain("2 tensors, 4 elements"));
    }

    [Test]
    public async Task Convert_with_a_prefix_keeps_values_and_strips_the_prefix()
    {
        var target = Path.Combine(scratch, "out", "converted.safetensors");

        var result = await CliHarness.Run("weights", "convert", WriteSafetensors("w.safetensors"), target, "--prefix", "model");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        var document = SafetensorsFile.Read(target);
        Assert.That(document.Names, Is.EquivalentTo(new[] { "lin0.weight", "step" }));
        Assert.That(document["lin0.weight"].ToFloat32(), Is.EqualTo(new[] { 0.5f, -1f, 2f }));
        Assert.That(document.Metadata!["source"], Is.EqualTo("w.safetensors"));
    }

    [Test]
    public async Task Convert_with_an_unknown_prefix_is_a_user_error()
    {
        var target = Path.Combine(scratch, "x.safetensors");

        var result = await CliHarness.Run("weights", "convert", WriteSafetensors("w.safetensors"), target, "--prefix", "state_dict");

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("state_dict."));
        Assert.That(File.Exists(target), Is.False);
    }

    [TestCase("missing.pth", null, "does not exist")]
    [TestCase("garbage.pth", "not a checkpoint at all", "garbage.pth")]
    public async Task Bad_files_are_user_errors_naming_the_file(string name, string? content, string message)
    {
        var path = Path.Combine(scratch, name);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var result = await CliHarness.Run("weights", "inspect", path);

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(message));
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    private string WriteSafetensors(string name)
    {
        var path = Path.Combine(scratch, name);
        SafetensorsFile.Write(path, [SafetensorsTensor.FromFloat32("model.lin0.weight", [0.5f, -1f, 2f], [1, 3, 1, 1]), SafetensorsTensor.FromInt64("model.step", [7L], [])]);
        return path;
    }
}
