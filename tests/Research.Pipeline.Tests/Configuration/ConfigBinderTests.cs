using NUnit.Framework;
using Research.Pipeline.Configuration;

namespace Research.Pipeline.Tests.Configuration;

public class ConfigBinderTests
{
    private static TestRoot Bind(string yaml) => ConfigBinder.Bind<TestRoot>(YamlConfigReader.Parse(yaml, "exp.yaml"));

    private static string Error(string yaml) => Assert.Throws<ConfigException>(() => Bind(yaml))!.Message;

    [Test]
    public void Should_name_file_line_key_and_suggestion_for_an_unknown_key()
    {
        var message = Error("schema_version: 1\ntrain:\n  iteratons: 5\n");

        Assert.That(message, Does.StartWith("exp.yaml:3:3:"));
        Assert.That(message, Does.Contain("unknown key 'iteratons' in 'train'").And.Contain("Did you mean 'iterations'?"));
    }

    [Test]
    public void Should_name_the_key_path_and_expected_type_for_a_wrong_type()
    {
        var message = Error("schema_version: 1\ntrain:\n  iterations: lots\n");

        Assert.That(message, Does.StartWith("exp.yaml:3:15:").And.Contain("'train.iterations' must be a whole number, not 'lots'"));
    }

    [Test]
    public void Should_report_a_missing_required_key()
    {
        Assert.That(Error("train: {}\n"), Does.Contain("missing required key 'schema_version' at the top level"));
    }

    [Test]
    public void Should_suggest_enum_values_in_kebab_case()
    {
        Assert.That(Error("schema_version: 1\ntrain:\n  colour: dark-blu\n"), Does.Contain("must be one of red, dark-blue").And.Contain("Did you mean 'dark-blue'?"));
    }

    [Test]
    public void Should_run_option_validation_at_the_key_location()
    {
        Assert.That(Error("schema_version: 1\ntrain:\n  iterations: -1\n"), Does.StartWith("exp.yaml:3:3:").And.Contain("'train.iterations': must not be negative."));
    }

    [Test]
    public void Should_keep_defaults_for_absent_keys_and_treat_quoted_values_as_strings()
    {
        var bound = Bind("schema_version: 1\ntrain:\n  note: \"null\"\n");

        Assert.That(bound.Train.Iterations, Is.EqualTo(100));
        Assert.That(bound.Train.Note, Is.EqualTo("null"));
    }

    [TestCase("schema_version: !!python/object:os.system 1\n", "type tags")]
    [TestCase("a: &x 1\nb: *x\n", "anchors")]
    [TestCase("a: 1\na: 2\n", "duplicate key 'a'")]
    [TestCase("a: [1, 2\n", "invalid YAML")]
    public void Should_refuse_unsafe_or_malformed_yaml(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.Parse(yaml, "bad.yaml"));

        Assert.That(e!.Message, Does.StartWith("bad.yaml:").And.Contain(expected));
    }

    [Test]
    public void Should_round_trip_a_tree_through_the_yaml_writer()
    {
        var yaml = "schema_version: 1\ntrain:\n  note: \"a: b\"\n  iterations: 3\nseeds: [4, 5]\nmethods: {}\n";
        var tree = YamlConfigReader.Parse(yaml, "x.yaml");

        var again = ConfigBinder.Bind<TestRoot>(YamlConfigReader.Parse(ConfigYamlWriter.Write(tree), "y.yaml"));

        Assert.That(again.Train.Note, Is.EqualTo("a: b"));
        Assert.That(again.Train.Iterations, Is.EqualTo(3));
        Assert.That(again.Seeds, Is.EqualTo(new[] { 4, 5 }));
    }

    [Test]
    public void Should_describe_keys_with_defaults_and_xml_docs()
    {
        var rows = ConfigDescriber.Describe(typeof(Research.Pipeline.Caching.StageRecord));

        var key = rows.Single(r => r.Key == "code_version");
        Assert.That(key.Required, Is.True);
        Assert.That(key.Documentation, Does.Contain("Version of the stage's code"));
    }

    [TestCase("SchemaVersion", "schema_version")]
    [TestCase("FMax", "f_max")]
    public void Should_convert_property_names_to_snake_case(string name, string expected) =>
        Assert.That(ConfigNaming.ToSnakeCase(name), Is.EqualTo(expected));
}
