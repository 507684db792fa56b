using Research.Splatting.Gaussians;
using Research.Tensors;

namespace Research.Splatting.Rasterization;

/// <summary>
/// The outputs of one <see cref="GaussianRasterizer"/> render: images (views of one recorded op, so a loss on any of
/// them back-propagates into the Gaussians and the background), per-Gaussian radii / visibility, and — once
/// backward has run — the screen-space mean gradients that densification accumulates.
/// </summary>
public sealed class RenderResult
{
    private bool[]? visible;

    internal RenderResult(Tensor<float> color, Tensor<float> alpha, Tensor<float> depth, int[] radii)
    {
        Color = color;
        Alpha = alpha;
        Depth = depth;
        Radii = radii;
        ViewspaceGradients = new float[radii.Length * 2];
    }

    /// <summary>Colour composited over the background, C + T·bg, [3,H,W].</summary>
    public Tensor<float> Color { get; }

    /// <summary>Accumulated alpha Σ αᵢTᵢ = 1 − T, [1,H,W].</summary>
    public Tensor<float> Alpha { get; }

    /// <summary>Unnormalised depth Σ dᵢαᵢTᵢ (view-space z), [1,H,W].</summary>
    public Tensor<float> Depth { get; }

    /// <summary>Screen radius in pixels per Gaussian; 0 when culled.</summary>
    public int[] Radii { get; }

    /// <summary>Visibility filter (radius &gt; 0) per Gaussian.</summary>
    public bool[] Visible => visible ??= [.. Radii.Select(r => r > 0)];

    /// <summary>
    /// ∂L/∂(NDC x, NDC y) of each Gaussian's projected centre, [N,2] row-major (3DGS <c>viewspace_points.grad</c>);
    /// zero until backward runs, accumulated over repeated backward passes.
    /// </summary>
    public float[] ViewspaceGradients { get; }

    /// <summary>Adds this view's statistics to <paramref name="model"/>'s densification statistics (after backward).</summary>
    public void AccumulateDensificationStats(GaussianModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.AddDensificationStats(ViewspaceGradients, 2, Visible, [.. Radii.Select(r => (float)r)]);
    }
}
