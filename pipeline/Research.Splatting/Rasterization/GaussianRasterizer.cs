using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Tensors;
using Research.Tensors.Autograd;

namespace Research.Splatting.Rasterization;

/// <summary>
/// Differentiable 3D Gaussian splatting (Inria diff-gaussian-rasterization with the ashawkey depth / alpha outputs)
/// as one autograd op over tensors: <see cref="GaussianProjection"/> (projection + SH colour), then
/// <see cref="GaussianCompositor"/> (16×16 tile binning + front-to-back compositing); the backward pass runs both
/// hand-written backward kernels and fills <see cref="RenderResult.ViewspaceGradients"/>.
/// </summary>
public static class GaussianRasterizer
{
    /// <summary>Highest SH degree the rasterizer evaluates.</summary>
    public const int MaxShDegree = 3;

    // Workspaces (compositor buffers, projected Gaussians) are reused across renders; one is held by each render
    // whose backward has not run yet, so several renders can be in flight before one backward.
    private static readonly Stack<Workspace> Pool = new();

    /// <summary>Renders a model with its activations (scales, sigmoid opacity, normalised rotations) and active SH degree (at most 3).</summary>
    /// <param name="camera">The camera.</param>
    /// <param name="model">The Gaussians.</param>
    /// <param name="background">[3] RGB colour or [3,H,W] per-pixel image the colour is composited over.</param>
    /// <param name="scaleModifier">Factor on every scale (3DGS scaling_modifier).</param>
    public static RenderResult Render(Camera camera, GaussianModel model, Tensor<float> background, float scaleModifier = 1f)
    {
        ArgumentNullException.ThrowIfNull(model);
        var inputs = new GaussianRenderInputs(
            model.Means, model.GetFeatures(), model.GetOpacity(), model.GetScaling(), model.GetRotation(), Math.Min(model.ActiveShDegree, MaxShDegree));
        return Render(camera, inputs, background, scaleModifier);
    }

    /// <summary>Renders activated Gaussians; gradients flow to every input tensor (and the background) that requires one.</summary>
    /// <param name="camera">The camera.</param>
    /// <param name="inputs">Means, SH features, opacities, scales, rotations and the SH degree.</param>
    /// <param name="background">[3] RGB colour or [3,H,W] per-pixel image the colour is composited over.</param>
    /// <param name="scaleModifier">Factor on every scale (3DGS scaling_modifier).</param>
    /// <exception cref="ArgumentException">A tensor has the wrong shape (the message names it).</exception>
    public static RenderResult Render(Camera camera, GaussianRenderInputs inputs, Tensor<float> background, float scaleModifier = 1f)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(background);
        var n = CheckShapes(camera, inputs, background);
        var (w, h) = (camera.Width, camera.Height);
        var workspace = Rent(n);
        var projection = new ProjectionInputs(
            Read(inputs.Means, ref workspace.Means),
            Read(inputs.Scales, ref workspace.Scales),
            Read(inputs.Rotations, ref workspace.Rotations),
            Read(inputs.Opacities, ref workspace.Opacities),
            Read(inputs.Features, ref workspace.Shs),
            inputs.ShDegree,
            scaleModifier);
        var bg = Read(background, ref workspace.Background);
        GaussianProjection.Forward(camera, projection, workspace.Projected);
        workspace.Compositor.Forward(workspace.Projected, w, h, bg);

        // One [5,H,W] op output (colour, alpha, depth) so a single backward closure sees all three gradients.
        var pixels = w * h;
        var packed = CustomOp.Uninitialized<float>(5, h, w);
        var data = CustomOp.Data(packed);
        workspace.Compositor.Color.AsSpan(0, 3 * pixels).CopyTo(data);
        workspace.Compositor.Alpha.AsSpan(0, pixels).CopyTo(data[(3 * pixels)..]);
        workspace.Compositor.Depth.AsSpan(0, pixels).CopyTo(data[(4 * pixels)..]);
        var radii = (int[])workspace.Projected.Radii.Clone();
        Tensor<float>[] sources = [inputs.Means, inputs.Features, inputs.Opacities, inputs.Scales, inputs.Rotations, background];
        var recording = NoGrad.IsGradEnabled && sources.Any(t => t.RequiresGrad);
        RenderResult? result = null;
        if (recording)
        {
            packed = CustomOp.Record("GaussianRasterizer", packed, sources, g =>
            {
                try
                {
                    return Backward(camera, projection, workspace, g, pixels, sources, result!);
                }
                finally
                {
                    Return(workspace);
                }
            });
        }
        else
        {
            Return(workspace);
        }

        result = new RenderResult(packed.Narrow(0, 0, 3), packed.Narrow(0, 3, 1), packed.Narrow(0, 4, 1), radii);
        return result;
    }

    private static Tensor<float>?[] Backward(
        Camera camera, ProjectionInputs projection, Workspace workspace, Tensor<float> gradient, int pixels, Tensor<float>[] sources, RenderResult result)
    {
        // One copy per image: the compositor takes exact-length arrays.
        var g = CustomOp.Data(gradient.IsContiguous ? gradient : gradient.Contiguous());
        var gradColor = g[..(3 * pixels)].ToArray();
        var gradAlpha = g.Slice(3 * pixels, pixels).ToArray();
        var gradDepth = g.Slice(4 * pixels, pixels).ToArray();
        var dProjected = new ProjectedGaussiansGradient(projection.Count);
        var gradBackground = new float[workspace.Background.Length];
        workspace.Compositor.Backward(gradColor, gradAlpha, gradDepth, dProjected, gradBackground);
        var grads = new ProjectionGradients(projection.Count, projection.ShCoefficients);
        GaussianProjection.Backward(camera, projection, workspace.Projected, dProjected, grads);
        for (var i = 0; i < grads.MeansNdc.Length; i++)
        {
            result.ViewspaceGradients[i] += grads.MeansNdc[i];
        }

        float[][] arrays = [grads.Means, grads.Shs, grads.Opacities, grads.Scales, grads.Rotations, gradBackground];
        var output = new Tensor<float>?[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            output[i] = sources[i].RequiresGrad ? Tensor.FromArray(arrays[i], [.. sources[i].Shape]) : null;
        }

        return output;
    }

    private static int CheckShapes(Camera camera, GaussianRenderInputs inputs, Tensor<float> background)
    {
        var n = inputs.Means.Rank == 2 && inputs.Means.Size(1) == 3
            ? inputs.Means.Size(0)
            : throw Shape("means", inputs.Means, "[N,3]");
        var k = (inputs.ShDegree + 1) * (inputs.ShDegree + 1);
        if (inputs.ShDegree is < 0 or > MaxShDegree)
        {
            throw new ArgumentException($"GaussianRasterizer: SH degree {inputs.ShDegree} is outside 0..{MaxShDegree}.", nameof(inputs));
        }

        if (inputs.Features.Rank != 3 || inputs.Features.Size(0) != n || inputs.Features.Size(2) != 3 || inputs.Features.Size(1) < k)
        {
            throw Shape("features", inputs.Features, $"[{n},K,3] with K ≥ {k} for SH degree {inputs.ShDegree}");
        }

        if (inputs.Opacities.ElementCount != n || (inputs.Opacities.Rank == 2 && inputs.Opacities.Size(1) != 1) || inputs.Opacities.Rank is < 1 or > 2)
        {
            throw Shape("opacities", inputs.Opacities, $"[{n},1] or [{n}]");
        }

        if (inputs.Scales.Rank != 2 || inputs.Scales.Size(0) != n || inputs.Scales.Size(1) != 3)
        {
            throw Shape("scales", inputs.Scales, $"[{n},3]");
        }

        if (inputs.Rotations.Rank != 2 || inputs.Rotations.Size(0) != n || inputs.Rotations.Size(1) != 4)
        {
            throw Shape("rotations", inputs.Rotations, $"[{n},4]");
        }

        var perPixel = background.Rank == 3 && background.Size(0) == 3 && background.Size(1) == camera.Height && background.Size(2) == camera.Width;
        if (!perPixel && !(background.Rank == 1 && background.Size(0) == 3))
        {
            throw Shape("background", background, $"[3] or [3,{camera.Height},{camera.Width}]");
        }

        return n;
    }

    private static ArgumentException Shape(string name, Tensor<float> tensor, string expected) =>
        new($"GaussianRasterizer: {name} has shape [{string.Join(", ", tensor.Shape)}], expected {expected}.", name);

    // The tensor's elements in an exact-length array: the workspace buffer (grown when needed) receives a copy.
    private static float[] Read(Tensor<float> tensor, ref float[] buffer)
    {
        var n = tensor.ElementCount;
        if (buffer.Length != n)
        {
            buffer = new float[n];
        }

        var source = tensor.IsContiguous ? tensor : tensor.Contiguous();
        CustomOp.Data(source).CopyTo(buffer);
        return buffer;
    }

    private static Workspace Rent(int count)
    {
        Workspace? workspace;
        lock (Pool)
        {
            Pool.TryPop(out workspace);
        }

        workspace ??= new Workspace();
        if (workspace.Projected.Count != count)
        {
            workspace.Projected = new ProjectedGaussians(count);
        }

        return workspace;
    }

    private static void Return(Workspace workspace)
    {
        lock (Pool)
        {
            // A few are enough for renders in flight; extra ones are left to the GC.
            if (Pool.Count < 4)
            {
                Pool.Push(workspace);
            }
        }
    }

    private sealed class Workspace
    {
        public GaussianCompositor Compositor { get; } = new();

        public ProjectedGaussians Projected { get; set; } = new(0);

        public float[] Means = [];
        public float[] Scales = [];
        public float[] Rotations = [];
        public float[] Opacities = [];
        public float[] Shs = [];
        public float[] Background = [];
    }
}
