using Research.Splatting.Gaussians;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Optim;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>The optimisers of notes §3.1: Adam (eps 1e-15) over the Gaussian fields, AdamW over the motion networks.</summary>
internal static class Optimizers
{
    /// <summary>Gaussian groups in <see cref="GaussianModel.Parameters"/> order: xyz, f_dc, f_rest, opacity, scaling, rotation.</summary>
    public static Adam<float> Gaussians(GaussianModel model, double positionLr, double opacityLr = 0.05)
    {
        double[] lrs = [positionLr, 2.5e-3, 2.5e-3 / 20, opacityLr, 3e-3, 1e-3];
        string[] names = ["xyz", "f_dc", "f_rest", "opacity", "scaling", "rotation"];
        var groups = model.Parameters.Select((p, i) => new ParameterGroup<float>([p], lrs[i]) { Eps = 1e-15, Name = names[i] });
        return new Adam<float>(groups);
    }

    /// <summary>
    /// AdamW (betas 0.9, 0.99; eps 1e-8): grids (every <c>encoder_*</c> parameter: the tri-planes, or the hash-grid
    /// ablation's <c>encoder_xyz</c>) lr 5e-3 with PyTorch's default weight decay 0.01, AudioAttNet lr 2.5e-3
    /// with decay 1e-4, everything else (MLPs, AudioNet, the unused mouth attention) lr 5e-4 without decay.
    /// </summary>
    public static Adam<float> Motion(Module<float> network)
    {
        var grids = new List<Tensor<float>>();
        var attention = new List<Tensor<float>>();
        var rest = new List<Tensor<float>>();
        foreach (var (name, tensor) in network.NamedParameters())
        {
            var list = name.StartsWith("encoder_", StringComparison.Ordinal) ? grids
                : name.StartsWith("audio_att_net.", StringComparison.Ordinal) ? attention
                : rest;
            list.Add(tensor);
        }

        return new Adam<float>(
            [
                new ParameterGroup<float>(grids, 5e-3) { WeightDecay = 0.01, Beta2 = 0.99, Name = "grids" },
                new ParameterGroup<float>(rest, 5e-4) { WeightDecay = 0, Beta2 = 0.99, Name = "mlp" },
                new ParameterGroup<float>(attention, 2.5e-3) { WeightDecay = 1e-4, Beta2 = 0.99, Name = "audio_att" },
            ],
            decoupledWeightDecay: true);
    }
}
