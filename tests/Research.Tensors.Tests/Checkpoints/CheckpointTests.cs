using NUnit.Framework;
using Research.Tensors.Autograd;
using Research.Tensors.Checkpoints;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;

namespace Research.Tensors.Tests.Checkpoints;

public class CheckpointTests
{
    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "ckpt-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void RoundTrip_IsBitIdentical()
    {
        var a = new Run(1);
        a.Train(3);
        var extra = Tensor.Randn<float>(new Rng(3), 4, 3);
        var path = Path.Combine(dir, "a.safetensors");
        var saving = a.Checkpoint().AddTensor("gaussians_xyz", extra);
        saving.Step = 3;
        saving.Metadata["config_hash"] = "abc123";
        saving.Save(path);

        var b = new Run(2);
        var extraB = Tensor.Zeros<float>(4, 3);
        var loading = b.Checkpoint().AddTensor("gaussians_xyz", extraB);
        loading.Load(path);

        Assert.That(loading.Step, Is.EqualTo(3));
        Assert.That(loading.Metadata, Is.EqualTo(new Dictionary<string, string> { ["config_hash"] = "abc123" }));
        Assert.That(extraB.ToArray(), Is.EqualTo(extra.ToArray()));
        AssertSameState(a, b);
        Assert.That(File.Exists(path) && Directory.GetFiles(dir).Length == 1, "no temp files left behind");
    }

    [Test]
    public void Resume_FiveAndFiveSteps_EqualsTenUninterrupted()
    {
        var straight = new Run(1);
        straight.Train(10);

        var first = new Run(1);
        first.Train(5);
        var path = Path.Combine(dir, "resume.safetensors");
        var ckpt = first.Checkpoint();
        ckpt.Step = 5;
        ckpt.Save(path);

        var resumed = new Run(77); // different initialisation and data seed: everything must come from the file
        var loading = resumed.Checkpoint();
        loading.Load(path);
        Assert.That(loading.Step, Is.EqualTo(5));
        resumed.Train(5);

        AssertSameState(straight, resumed);
    }

    [Test]
    public void Sgd_MomentumBuffers_RoundTrip()
    {
        var net = new Linear<float>(3, 2, new Rng(1));
        var sgd = new Sgd<float>([new ParameterGroup<float>(net.Parameters(), 0.1) { Momentum = 0.9 }]);
        Functional.MseLoss(net.Forward(Tensor.Ones<float>(4, 3)), Tensor.Zeros<float>(4, 2)).Backward();
        sgd.Step();
        var path = Path.Combine(dir, "sgd.safetensors");
        new Checkpoint<float>().AddModule("net", net).AddOptimizer("sgd", sgd).Save(path);

        var net2 = new Linear<float>(3, 2, new Rng(2));
        var sgd2 = new Sgd<float>([new ParameterGroup<float>(net2.Parameters(), 0.5)]);
        new Checkpoint<float>().AddModule("net", net2).AddOptimizer("sgd", sgd2).Load(path);
        Assert.That(sgd2.Groups[0].Momentum, Is.EqualTo(0.9));
        Assert.That(sgd2.Groups[0].Lr, Is.EqualTo(0.1));
        Assert.That(sgd2.GetMomentumBuffer(net2.Weight)!.ToArray(), Is.EqualTo(sgd.GetMomentumBuffer(net.Weight)!.ToArray()));
    }

    [Test]
    public void DensifiedGaussians_LoadAfterRebuildingAtTheSavedSize()
    {
        var xyz = Tensor.Randn<float>(new Rng(1), 5, 3);
        xyz.RequiresGrad = true;
        var adam = new Adam<float>([new ParameterGroup<float>([xyz], 0.01) { Name = "xyz" }]);
        Step(adam, xyz);
        var bigger = Tensor.Concat([xyz.Detach(), Tensor.Randn<float>(new Rng(2), 3, 3)]);
        bigger.RequiresGrad = true;
        adam.ExtendRows(xyz, bigger);
        Step(adam, bigger);
        var path = Path.Combine(dir, "gaussians.safetensors");
        new Checkpoint<float>().AddTensor("xyz", bigger).AddOptimizer("gaussians", adam).Save(path);

        // Fresh process: the Gaussian count comes from the file.
        var saved = Checkpoint<float>.ReadTensors(path);
        var xyz2 = Tensor.FromArray(saved["xyz"].ToArray(), [.. saved["xyz"].Shape]);
        xyz2.RequiresGrad = true;
        var adam2 = new Adam<float>([new ParameterGroup<float>([xyz2], 0.5) { Name = "xyz" }]);
        new Checkpoint<float>().AddTensor("xyz", xyz2).AddOptimizer("gaussians", adam2).Load(path);

        Assert.That(xyz2.Shape, Is.EqualTo(new[] { 8, 3 }));
        Assert.That(xyz2.ToArray(), Is.EqualTo(bigger.ToArray()));
        Assert.That(adam2.Groups[0].Lr, Is.EqualTo(0.01));
        Assert.That(adam2.GetState(xyz2)!.Step, Is.EqualTo(2));
        Assert.That(adam2.GetState(xyz2)!.ExpAvgSq.ToArray(), Is.EqualTo(adam.GetState(bigger)!.ExpAvgSq.ToArray()));

        // Loading into the old size fails clearly.
        var small = Tensor.Zeros<float>(5, 3);
        var wrong = new Checkpoint<float>().AddTensor("xyz", small).AddOptimizer("gaussians", new Adam<float>([new ParameterGroup<float>([small], 0.01)]));
        Assert.That(() => wrong.Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(path).And.Message.Contains("'tensors.xyz' has shape [8, 3] in the file but [5, 3] here"));
    }

    [Test]
    public void Load_ReportsMissingUnexpectedAndMisShapedEntries()
    {
        var path = Path.Combine(dir, "m.safetensors");
        new Checkpoint<float>().AddModule("model", new Linear<float>(3, 2, new Rng(1), bias: false)).Save(path);

        var withBias = new Checkpoint<float>().AddModule("model", new Linear<float>(3, 2, new Rng(1)));
        Assert.That(() => withBias.Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains(path).And.Message.Contains("missing tensor 'modules.model.bias' (expected shape [2])"));

        var otherName = new Checkpoint<float>().AddModule("net", new Linear<float>(3, 2, new Rng(1), bias: false));
        Assert.That(() => otherName.Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("unexpected tensor 'modules.model.weight' [2, 3]").And.Message.Contains("missing tensor 'modules.net.weight'"));

        var target = new Linear<float>(4, 2, new Rng(1), bias: false);
        var before = target.Weight.ToArray();
        Assert.That(() => new Checkpoint<float>().AddModule("model", target).Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("'modules.model.weight' has shape [2, 3] in the file but [2, 4] here"));
        Assert.That(target.Weight.ToArray(), Is.EqualTo(before), "nothing is modified when loading fails");

        // Non-strict tolerates missing/unexpected entries.
        var lenient = new Linear<float>(3, 2, new Rng(5));
        new Checkpoint<float>().AddModule("model", lenient).Load(path, strict: false);
    }

    [Test]
    public void Load_RejectsFilesThatAreNotCheckpoints()
    {
        var plain = Path.Combine(dir, "plain.safetensors");
        SafetensorsFile.Write(plain, [SafetensorsTensor.FromFloat32("w", [1f, 2f], [2])]);
        var ckpt = new Checkpoint<float>().AddModule("model", new Linear<float>(1, 2, new Rng(1), bias: false));
        Assert.That(() => ckpt.Load(plain), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(plain).And.Message.Contains("not a checkpoint"));

        var garbage = Path.Combine(dir, "garbage.bin");
        File.WriteAllBytes(garbage, [1, 2, 3]);
        Assert.That(() => ckpt.Load(garbage), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(garbage));
    }

    [Test]
    public void Registration_RejectsDuplicateNames()
    {
        var ckpt = new Checkpoint<float>().AddModule("model", new Linear<float>(1, 1, new Rng(1)));
        Assert.That(() => ckpt.AddModule("model", new Linear<float>(1, 1, new Rng(1))), Throws.ArgumentException);
        Assert.That(() => ckpt.AddTensor("model.weight", Tensor.Zeros<float>(1)), Throws.ArgumentException);
        Assert.That(() => ckpt.AddRng("a.b", new Rng(1)), Throws.ArgumentException);

        var stray = Tensor.Zeros<float>(2);
        ckpt.AddOptimizer("adam", new Adam<float>([new ParameterGroup<float>([stray], 0.1)]));
        Assert.That(() => ckpt.Save(Path.Combine(dir, "x.safetensors")), Throws.InvalidOperationException.With.Message.Contains("belongs to no registered module"));
    }

    [Test]
    public void Rng_StateRestoresTheSequence()
    {
        var rng = new Rng(9);
        rng.NextUInt64();
        var state = rng.State;
        var next = rng.NextUInt64();
        var other = new Rng(1) { State = state };
        Assert.That(other.NextUInt64(), Is.EqualTo(next));
    }

    private static void Step(Adam<float> adam, Tensor<float> p)
    {
        adam.ZeroGrad();
        p.Mul(p).Sum().Backward();
        adam.Step();
    }

    private static void AssertSameState(Run a, Run b)
    {
        var pa = a.Net.Parameters().ToList();
        var pb = b.Net.Parameters().ToList();
        for (var i = 0; i < pa.Count; i++)
        {
            Assert.That(pb[i].ToArray(), Is.EqualTo(pa[i].ToArray()), $"parameter {i}");
            var sa = a.Adam.GetState(pa[i])!;
            var sb = b.Adam.GetState(pb[i])!;
            Assert.That(sb.Step, Is.EqualTo(sa.Step));
            Assert.That(sb.ExpAvg.ToArray(), Is.EqualTo(sa.ExpAvg.ToArray()));
            Assert.That(sb.ExpAvgSq.ToArray(), Is.EqualTo(sa.ExpAvgSq.ToArray()));
        }

        for (var g = 0; g < a.Adam.Groups.Count; g++)
        {
            Assert.That(b.Adam.Groups[g].Lr, Is.EqualTo(a.Adam.Groups[g].Lr));
            Assert.That(b.Adam.Groups[g].Beta2, Is.EqualTo(a.Adam.Groups[g].Beta2));
            Assert.That(b.Adam.Groups[g].WeightDecay, Is.EqualTo(a.Adam.Groups[g].WeightDecay));
        }

        Assert.That(b.Rng.State, Is.EqualTo(a.Rng.State));
    }

    /// <summary>A small MLP (with a LayerNorm buffer-free module) trained by AdamW on random minibatches drawn from <see cref="Rng"/>.</summary>
    private sealed class Run
    {
        public Run(ulong seed)
        {
            var init = new Rng(seed);
            Net = new Sequential<float>()
                .Add(new Linear<float>(3, 8, init))
                .Add(new LayerNorm<float>(8))
                .Add(t => t.Tanh())
                .Add(new Linear<float>(8, 1, init));
            var ps = Net.NamedParameters().ToList();
            Adam = new Adam<float>(
                [
                    new ParameterGroup<float>(ps.Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Tensor), seed == 1 ? 0.01 : 0.2) { WeightDecay = 0.01, Beta2 = 0.99 },
                    new ParameterGroup<float>(ps.Where(p => p.Name.EndsWith("bias", StringComparison.Ordinal)).Select(p => p.Tensor), 0.02),
                ],
                decoupledWeightDecay: true);
            Rng = new Rng(seed + 1000);
        }

        public Sequential<float> Net { get; }

        public Adam<float> Adam { get; }

        public Rng Rng { get; }

        public Checkpoint<float> Checkpoint() => new Checkpoint<float>().AddModule("model", Net).AddOptimizer("adam", Adam).AddRng("data", Rng);

        public void Train(int steps)
        {
            for (var s = 0; s < steps; s++)
            {
                var x = Tensor.Randn<float>(Rng, 16, 3);
                Tensor<float> y;
                using (new NoGrad())
                {
                    y = x.Sum(1, keepDim: true).Sin();
                }

                Adam.ZeroGrad();
                Functional.MseLoss(Net.Forward(x), y).Backward();
                Adam.Step();
            }
        }
    }
}
