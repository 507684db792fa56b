using NUnit.Framework;
using Research.Pipeline.Configuration;

namespace Research.Pipeline.Tests.Configuration;

public class ConfigComposerTests
{
    private static readonly IReadOnlyList<EntryGroup> Groups = [new("methods", "method")];

    [Test]
    public void Should_compose_defaults_in_order_with_self_last_and_later_entries_winning()
    {
        using var f = new ConfigFixture();
        f.Write("configs/train/fast.yaml", "iterations: 10\nlearning_rate: 0.5\n");
        f.Write("configs/train/slow.yaml", "iterations: 1000\n");
        var exp = f.Write("experiments/e.yaml", "schema_version: 1\ndefaults:\n  - train: fast\ntrain:\n  learning_rate: 0.25\n");

        var composed = new ConfigComposer(f.ConfigRoot, Groups).Compose(exp, []);
        var bound = ConfigBinder.Bind<TestRoot>(composed.Root);

        Assert.That(bound.Train.Iterations, Is.EqualTo(10), "from the group file");
        Assert.That(bound.Train.LearningRate, Is.EqualTo(0.25), "the experiment's own value wins over its defaults");
        Assert.That(composed.SourceFiles, Has.Count.EqualTo(2));
    }

    [Test]
    public void Should_let_defaults_after_self_win_when_self_is_placed_first()
    {
        using var f = new ConfigFixture();
        f.Write("configs/train/fast.yaml", "iterations: 10\n");
        var exp = f.Write("e.yaml", "schema_version: 1\ndefaults:\n  - _self_\n  - train: fast\ntrain:\n  iterations: 77\n");

        var bound = ConfigBinder.Bind<TestRoot>(new ConfigComposer(f.ConfigRoot, Groups).Compose(exp, []).Root);

        Assert.That(bound.Train.Iterations, Is.EqualTo(10));
    }

    [Test]
    public void Should_apply_overrides_for_values_lists_deletes_and_group_swaps()
    {
        using var f = new ConfigFixture();
        f.Write("configs/train/fast.yaml", "iterations: 10\nnote: hello\n");
        f.Write("configs/train/slow.yaml", "iterations: 1000\nnote: slow\n");
        var exp = f.Write("e.yaml", "schema_version: 1\ndefaults:\n  - train: fast\n");

        var composed = new ConfigComposer(f.ConfigRoot, Groups).Compose(exp, ["train=slow", "train.learning_rate=3e-4", "seeds=[1, 2, 3]", "~train.note", "train.colour=dark-blue"]);
        var bound = ConfigBinder.Bind<TestRoot>(composed.Root);

        Assert.That(bound.Train.Iterations, Is.EqualTo(1000), "group swapped to slow");
        Assert.That(bound.Train.LearningRate, Is.EqualTo(3e-4));
        Assert.That(bound.Seeds, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(bound.Train.Note, Is.Null, "deleted");
        Assert.That(bound.Train.Colour, Is.EqualTo(Colour.DarkBlue));
    }

    [Test]
    public void Should_merge_each_entry_over_its_group_file_and_honour_use()
    {
        using var f = new ConfigFixture();
        f.Write("configs/method/base-method.yaml", "iterations: 5\nlearning_rate: 0.1\n");
        var exp = f.Write("e.yaml", "schema_version: 1\nmethods:\n  base-method: {}\n  tuned:\n    use: base-method\n    iterations: 9\n");

        var composed = new ConfigComposer(f.ConfigRoot, Groups).Compose(exp, ["methods.tuned.learning_rate=0.2"]);
        var bound = ConfigBinder.Bind<TestRoot>(composed.Root);

        Assert.That(bound.Methods["base-method"], Is.EqualTo(new TrainOptions { Iterations = 5, LearningRate = 0.1 }));
        Assert.That(bound.Methods["tuned"], Is.EqualTo(new TrainOptions { Iterations = 9, LearningRate = 0.2 }));
    }

    [Test]
    public void Should_suggest_the_closest_option_for_a_missing_group_file()
    {
        using var f = new ConfigFixture();
        f.Write("configs/train/fast.yaml", "iterations: 10\n");
        var exp = f.Write("e.yaml", "schema_version: 1\ndefaults:\n  - train: fsat\n");

        var e = Assert.Throws<ConfigException>(() => new ConfigComposer(f.ConfigRoot, Groups).Compose(exp, []));

        Assert.That(e!.Message, Does.Contain("configs/train/fsat.yaml").And.Contain("Did you mean 'fast'?").And.Contain("e.yaml:3"));
    }

    [Test]
    public void Should_reject_a_malformed_override()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigOverride.Parse("train.iterations", 0));

        Assert.That(e!.Message, Does.Contain("command-line override #1").And.Contain("key.path=value"));
    }

    [Test]
    public void Should_accept_a_matching_schema_version_in_group_files_and_refuse_a_different_one()
    {
        using var f = new ConfigFixture();
        f.Write("configs/train/ok.yaml", "schema_version: 1\niterations: 3\n");
        f.Write("configs/train/old.yaml", "schema_version: 0\niterations: 3\n");
        var ok = f.Write("ok.yaml", "schema_version: 1\ndefaults:\n  - train: ok\n");
        var old = f.Write("old.yaml", "schema_version: 1\ndefaults:\n  - train: old\n");
        var composer = new ConfigComposer(f.ConfigRoot, Groups);

        var bound = ConfigBinder.Bind<TestRoot>(composer.Compose(ok, []).Root);
        var e = Assert.Throws<ConfigException>(() => composer.Compose(old, []));

        Assert.That(bound.Train.Iterations, Is.EqualTo(3));
        Assert.That(e!.Message, Does.Contain("old.yaml:1:").And.Contain("schema_version 0 but the experiment has 1"));
    }
}
