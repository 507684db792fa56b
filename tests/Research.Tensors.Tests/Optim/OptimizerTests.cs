using NUnit.Framework;
using Research.Tensors.Optim;

namespace Research.Tensors.Tests.Optim;

/// <summary>Optimisers against steps computed by hand from PyTorch's documented formulas (double precision).</summary>
public class OptimizerTests
{
    private const double Lr = 0.1;

    [Test]
    public void Adam_TwoSteps_MatchHandComputedBiasCorrectedUpdate()
    {
        var p = Leaf(1.0);
        var adam = new Adam<double>([new ParameterGroup<double>([p], Lr)]);
        Step(adam, p, 2.0);
        var expected1 = 1.0 - (Lr / 0.1 * (0.1 * 2.0) / ((Math.Sqrt(0.001 * 4.0) / Math.Sqrt(0.001)) + 1e-8));
        Assert.That(p.Item(), Is.EqualTo(expected1).Within(1e-15));

        Step(adam, p, -3.0);
        var m = (0.9 * 0.2) + (0.1 * -3.0);
        var v = (0.999 * 0.004) + (0.001 * 9.0);
        var expected2 = expected1 - (Lr / (1 - (0.9 * 0.9)) * m / ((Math.Sqrt(v) / Math.Sqrt(1 - (0.999 * 0.999))) + 1e-8));
        Assert.That(p.Item(), Is.EqualTo(expected2).Within(1e-15));
        Assert.That(adam.GetState(p)!.Step, Is.EqualTo(2));
        Assert.That(adam.GetState(p)!.ExpAvg.Item(), Is.EqualTo(m).Within(1e-15));
        Assert.That(adam.GetState(p)!.ExpAvgSq.Item(), Is.EqualTo(v).Within(1e-15));
    }

    [Test]
    public void Adam_CoupledWeightDecay_AddsToGradient_AdamW_ScalesParameter()
    {
        var p = Leaf(2.0);
        var adam = new Adam<double>([new ParameterGroup<double>([p], Lr) { WeightDecay = 0.5 }]);
        Step(adam, p, 1.0);
        var g = 1.0 + (0.5 * 2.0);
        Assert.That(p.Item(), Is.EqualTo(2.0 - (Lr * g / (g + 1e-8))).Within(1e-15));

        var q = Leaf(2.0);
        var adamW = new Adam<double>([new ParameterGroup<double>([q], Lr) { WeightDecay = 0.5 }], decoupledWeightDecay: true);
        Step(adamW, q, 1.0);
        Assert.That(q.Item(), Is.EqualTo((2.0 * (1 - (Lr * 0.5))) - (Lr * 1.0 / (1.0 + 1e-8))).Within(1e-15));
    }

    [Test]
    public void Adam_ParameterGroups_UseTheirOwnLearningRate()
    {
        var a = Leaf(0.0);
        var b = Leaf(0.0);
        var adam = new Adam<double>([new ParameterGroup<double>([a], 0.1), new ParameterGroup<double>([b], 0.01) { Eps = 1e-3 }]);
        a.Grad = Tensor.FromArray([1.0], 1);
        b.Grad = Tensor.FromArray([1.0], 1);
        adam.Step();
        Assert.That(a.Item(), Is.EqualTo(-0.1 / (1 + 1e-8)).Within(1e-15));
        Assert.That(b.Item(), Is.EqualTo(-0.01 / (1 + 1e-3)).Within(1e-15));
    }

    [Test]
    public void Adam_PruneAndExtendRows_RemapState()
    {
        var p = Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2);
        p.RequiresGrad = true;
        var adam = new Adam<double>([new ParameterGroup<double>([p], Lr)]);
        p.Grad = Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2);
        adam.Step();
        var m = adam.GetState(p)!.ExpAvg.ToArray();

        var pruned = Tensor.FromArray([p.ToArray()[0], p.ToArray()[1], p.ToArray()[4], p.ToArray()[5]], 2, 2);
        adam.PruneRows(p, pruned, [true, false, true]);
        Assert.That(adam.Groups[0].Parameters[0], Is.SameAs(pruned));
        Assert.That(adam.GetState(pruned)!.ExpAvg.ToArray(), Is.EqualTo(new[] { m[0], m[1], m[4], m[5] }));
        Assert.That(adam.GetState(p), Is.Null);

        var extended = Tensor.Concat([pruned, Tensor.Zeros<double>(1, 2)]);
        adam.ExtendRows(pruned, extended);
        var state = adam.GetState(extended)!;
        Assert.That(state.Step, Is.EqualTo(1));
        Assert.That(state.ExpAvg.ToArray(), Is.EqualTo(new[] { m[0], m[1], m[4], m[5], 0, 0 }));
        Assert.That(state.ExpAvgSq.ToArray().Skip(4), Is.All.EqualTo(0.0));
        Assert.That(() => adam.PruneRows(extended, pruned, [true]), Throws.ArgumentException.With.Message.Contains("PruneRows"));
    }

    [Test]
    public void Sgd_Momentum_MatchesHandComputedSteps()
    {
        var p = Leaf(1.0);
        var sgd = new Sgd<double>([new ParameterGroup<double>([p], Lr) { Momentum = 0.9 }]);
        p.Grad = Tensor.FromArray([2.0], 1);
        sgd.Step();
        Assert.That(p.Item(), Is.EqualTo(1.0 - (0.1 * 2.0)).Within(1e-15));
        sgd.Step();
        Assert.That(p.Item(), Is.EqualTo(0.8 - (0.1 * ((0.9 * 2.0) + 2.0))).Within(1e-15));
    }

    [Test]
    public void Schedules_ExponentialAndLambda()
    {
        var groups = new[] { new ParameterGroup<double>([], 0.4), new ParameterGroup<double>([], 1.0) };
        var exponential = LrSchedule<double>.Exponential(groups, 0.5);
        exponential.Step();
        exponential.Step();
        Assert.That(groups.Select(g => g.Lr), Is.EqualTo(new[] { 0.1, 0.25 }));

        var other = new[] { new ParameterGroup<double>([], 2.0) };
        var lambda = LrSchedule<double>.Lambda(other, t => 1.0 / (t + 1));
        lambda.Step();
        Assert.That(other[0].Lr, Is.EqualTo(1.0));
        Assert.That(lambda.Epoch, Is.EqualTo(1));
    }

    private static Tensor<double> Leaf(double value)
    {
        var p = Tensor.FromArray([value], 1);
        p.RequiresGrad = true;
        return p;
    }

    /// <summary>Loss c·p so the gradient is exactly c.</summary>
    private static void Step(Adam<double> adam, Tensor<double> p, double c)
    {
        adam.ZeroGrad();
        p.Mul(c).Sum().Backward();
        adam.Step();
    }
}
