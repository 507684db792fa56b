using NUnit.Framework;
using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// End-to-end fitting: Gaussians initialised at random (TalkingGaussian's box initialisation) are optimised with Adam
/// through the rasterizer to reproduce a target image rendered from other Gaussians; the PSNR must rise from the
/// starting point to a stated level, which only happens if every gradient path works.
/// </summary>
public class GaussianFittingTests
{
    private const int Size = 48;

    [Test]
    public void RandomGaussiansFitATargetImage()
    {
        var camera = Camera.FromFocal(Size, Size, 60, new Matrix4d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0.6, 0, 0, 0, 1]));
        var background = Tensor.FromArray([1f, 1f, 1f], 3);
        var target = RenderTarget(camera, background);

        var model = GaussianModel.RandomInBox(300, new Rng(2), 0, ScaleActivation.Softplus);
        var adam = new Adam<float>(
        [
            new ParameterGroup<float>([model.Means], 2e-3),
            new ParameterGroup<float>([model.FeaturesDc, model.FeaturesRest], 5e-2),
            new ParameterGroup<float>([model.RawOpacities], 5e-2),
            new ParameterGroup<float>([model.RawScales], 1e-2),
            new ParameterGroup<float>([model.Rotations], 1e-2),
        ]);
        var initial = Psnr(camera, model, background, target);
        for (var step = 0; step < 300; step++)
        {
            adam.ZeroGrad();
            var render = GaussianRasterizer.Render(camera, model, background);
            Functional.L1Loss(render.Color, target).Backward();
            adam.Step();
        }

        var final = Psnr(camera, model, background, target);
        TestContext.Out.WriteLine($"PSNR {initial:F2} dB → {final:F2} dB");
        Assert.That(initial, Is.LessThan(20), "the starting point should be far from the target");
        Assert.That(final, Is.GreaterThan(40), "fitting should reproduce the target closely");
    }

    private static Tensor<float> RenderTarget(Camera camera, Tensor<float> background)
    {
        var rng = new Rng(7);
        var xyz = new float[60 * 3];
        var rgb = new float[60 * 3];
        for (var i = 0; i < xyz.Length; i++)
        {
            xyz[i] = (float)rng.NextUniform(-0.08, 0.08);
            rgb[i] = (float)rng.NextDouble();
        }

        // Opaque-ish (sigmoid(2) ≈ 0.88) so the target has structure, not a faint haze.
        var data = GaussianModel.FromPointCloud(xyz, rgb, 0).ToPlyData();
        Array.Fill(data.Opacities, 2f);
        var truth = GaussianModel.FromPlyData(data);
        using var _ = new NoGrad();
        return GaussianRasterizer.Render(camera, truth, background).Color.Detach();
    }

    private static double Psnr(Camera camera, GaussianModel model, Tensor<float> background, Tensor<float> target)
    {
        using var _ = new NoGrad();
        var mse = Functional.MseLoss(GaussianRasterizer.Render(camera, model, background).Color, target).Item();
        return 10 * Math.Log10(1 / mse);
    }
}
