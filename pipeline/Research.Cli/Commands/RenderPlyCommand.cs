using System.CommandLine;
using System.Globalization;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Pipeline.Errors;
using Research.Splatting.Cameras;
using Research.Splatting.Gaussians;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Threading;

namespace Research.Cli.Commands;

/// <summary><c>research render-ply</c>: renders a 3DGS PLY file from a camera JSON into a PNG.</summary>
internal static class RenderPlyCommand
{
    public static Command Create(CliIo io)
    {
        var scene = new Argument<string>("scene.ply") { Description = "Gaussians in the 3DGS PLY layout (x y z nx ny nz f_dc_* f_rest_* opacity scale_* rot_*; log scales, logit opacity)." };
        var camera = new Option<string>("--camera") { Description = "Camera JSON: width, height, focal (pixels) and a 4×4 OpenGL camera-to-world transform_matrix, as in transforms_*.json.", Required = true };
        var output = new Option<string>("--out") { Description = "Output PNG (RGB, written atomically).", Required = true };
        var background = new Option<string>("--background") { Description = "Background colour r,g,b in [0,1].", DefaultValueFactory = _ => "0,0,0" };
        var threads = new Option<int>("--threads") { Description = "Engine threads (0: all processors)." };
        var command = new Command("render-ply", "Render a 3D Gaussian splatting PLY file from one camera into a PNG.") { scene, camera, output, background, threads };
        command.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var scenePath = parse.GetValue(scene)!;
            var cameraPath = parse.GetValue(camera)!;
            var outputPath = parse.GetValue(output)!;
            var bg = ParseBackground(parse.GetValue(background)!);
            var threadCount = parse.GetValue(threads);
            if (threadCount < 0)
            {
                throw new UserErrorException($"--threads must be 0 or more (got {threadCount.ToString(CultureInfo.InvariantCulture)}).");
            }

            ComputeThreads.Count = threadCount == 0 ? Environment.ProcessorCount : threadCount;
            var view = Load(cameraPath, CameraFile.Read, "camera");
            var model = Load(scenePath, p => GaussianModel.LoadPly(p), "scene");
            RenderResult result;
            using (new NoGrad())
            {
                result = GaussianRasterizer.Render(view, model, Tensor.FromArray(bg, 3));
            }

            PngFile.Write(outputPath, ToImage(result.Color, view.Width, view.Height));
            var visible = result.Visible.Count(v => v);
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rendered {model.Count} Gaussians ({visible} visible, SH degree {Math.Min(model.ActiveShDegree, GaussianRasterizer.MaxShDegree)}) at {view.Width}×{view.Height} to {outputPath}")).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return command;
    }

    /// <summary>Parses "r,g,b" with each value in [0,1].</summary>
    internal static float[] ParseBackground(string text)
    {
        var parts = text.Split(',');
        var values = new float[3];
        if (parts.Length != 3)
        {
            throw new UserErrorException($"--background '{text}': expected three comma-separated values r,g,b in [0,1], e.g. 1,1,1 for white.");
        }

        for (var i = 0; i < 3; i++)
        {
            if (!float.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] >= 0 && values[i] <= 1))
            {
                throw new UserErrorException($"--background '{text}': '{parts[i].Trim()}' is not a number in [0,1].");
            }
        }

        return values;
    }

    private static T Load<T>(string path, Func<string, T> read, string what)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{what} file '{path}' does not exist.");
        }

        try
        {
            return read(path);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new UserErrorException($"{path}: {e.Message}", e);
        }
    }

    // Planar [3, H, W] colour in [0,1] (values outside are clamped) → 8-bit interleaved RGB, rounded.
    private static ByteImage ToImage(Tensor<float> color, int width, int height)
    {
        var planar = color.ToArray();
        var plane = width * height;
        var pixels = new byte[plane * 3];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                pixels[(i * 3) + c] = (byte)Math.Round(Math.Clamp(planar[(c * plane) + i], 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }
}
