using NUnit.Framework;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Nn;

public class TrainingTests
{
    [Test]
    public void Mlp_FitsSinPlusSquare_WithGradientDescent()
    {
        var (initial, final, _) = Train(steps: 1500);
        TestContext.Out.WriteLine($"MSE {initial} -> {final}");
        Assert.That(final, Is.LessThan(0.01f));
        Assert.That(final, Is.LessThan(initial / 10));
    }

    [Test]
    public void Training_IsBitIdenticalAcrossRuns()
    {
        var first = Train(steps: 30).Parameters;
        var second = Train(steps: 30).Parameters;
        Assert.That(second, Is.EqualTo(first));
    }

    /// <summary>y = sin(x1) + x2² on 256 fixed points in [−1.5, 1.5]², MLP 2-32-32-1 with tanh, momentum SGD.</summary>
    private static (float Initial, float Final, float[] Parameters) Train(int steps)
    {
        var rng = new Rng(42);
        var x = Tensor.Uniform(rng, -1.5f, 1.5f, 256, 2);
        var cols = x.Split(1, 1);
        var y = cols[0].Sin().Add(cols[1].Mul(cols[1]));
        var net = new Sequential<float>()
            .Add(new Linear<float>(2, 32, rng))
            .Add(t => t.Tanh())
            .Add(new Linear<float>(32, 32, rng))
            .Add(t => t.Tanh())
            .Add(new Linear<float>(32, 1, rng));
        var parameters = net.Parameters().ToList();
        var velocity = parameters.Select(p => Tensor.Zeros<float>([.. p.Shape])).ToList();
        float initial = 0, final = 0;
        for (var step = 0; step < steps; step++)
        {
            net.ZeroGrad();
            var loss = Functional.MseLoss(net.Forward(x), y);
            loss.Backward();
            final = loss.Item();
            if (step == 0)
            {
                initial = final;
            }

            using var scope = new NoGrad();
            for (var i = 0; i < parameters.Count; i++)
            {
                var v = velocity[i].Mul(0.9f).Add(parameters[i].Grad!);
                velocity[i] = v;
                parameters[i].Sub(v.Mul(0.05f)).ToArray().CopyTo(parameters[i].Storage, 0);
            }
        }

        return (initial, final, parameters.SelectMany(p => p.ToArray()).ToArray());
    }
}
