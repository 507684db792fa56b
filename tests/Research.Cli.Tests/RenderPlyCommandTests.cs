using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using Research.Media.Png;
using Research.Splatting.Cameras;
using Research.Splatting.Diagnostics;
using Research.Splatting.Gaussians;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Cli.Tests;

/// <summary><c>research render-ply</c> and <c>research bench splat</c>.</summary>
public class RenderPlyCommandTests
{
    private string scratch = null!;

    [SetUp]
    public void SetUp() => scratch = Directory.CreateTempSubdirectory("research-render-ply-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(scratch, recursive: true);

    [Test]
    public async Task Should_render_a_ply_to_the_png_the_rasterizer_produces()
    {
        var (ply, camera) = WriteScene(64, 48);
        var png = Path.Combine(scratch, "out", "view.png");

        var result = await CliHarness.Run("render-ply", ply, "--camera", camera, "--out", png, "--background", "1,0.5,0", "--threads", "1");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("rendered 400 Gaussians"));
        var image = PngFile.Read(png);
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((64, 48, 3)));

        // Same pixels as rendering the file in-process.
        var model = GaussianModel.LoadPly(ply);
        Tensor<float> color;
        using (new NoGrad())
        {
            color = GaussianRasterizer.Render(CameraFile.Read(camera), model, Tensor.FromArray([1f, 0.5f, 0f], 3)).Color;
        }

        var planar = color.ToArray();
        var plane = 64 * 48;
        for (var i = 0; i < plane; i += 7)
        {
            for (var c = 0; c < 3; c++)
            {
                var expected = (byte)Math.Round(Math.Clamp(planar[(c * plane) + i], 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
                Assert.That(image.Pixels[(i * 3) + c], Is.EqualTo(expected), $"pixel {i} channel {c}");
            }
        }

        // Corner pixels see only the background colour (1, 0.5, 0).
        Assert.That(image.Pixels.Take(3), Is.EqualTo(new byte[] { 255, 128, 0 }));
        Assert.That(image.Pixels.Distinct().Count(), Is.GreaterThan(50), "the Gaussians should be visible");
    }

    [TestCase("missing.ply", null, "does not exist")]
    [TestCase(null, "1,2", "expected three")]
    [TestCase(null, "1,x,0", "'x' is not a number")]
    public async Task Should_reject_bad_input_with_a_clear_message(string? plyName, string? background, string message)
    {
        var (ply, camera) = WriteScene(16, 16);
        var args = new List<string> { "render-ply", plyName is null ? ply : Path.Combine(scratch, plyName), "--camera", camera, "--out", Path.Combine(scratch, "x.png") };
        if (background is not null)
        {
            args.AddRange(["--background", background]);
        }

        var result = await CliHarness.Run([.. args]);

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(message));
        Assert.That(File.Exists(Path.Combine(scratch, "x.png")), Is.False);
    }

    [Test]
    public async Task Should_reject_a_camera_file_without_focal()
    {
        var (ply, _) = WriteScene(16, 16);
        var camera = Path.Combine(scratch, "bad.json");
        File.WriteAllText(camera, """{"width": 16, "height": 16, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""");

        var result = await CliHarness.Run("render-ply", ply, "--camera", camera, "--out", Path.Combine(scratch, "x.png"));

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("focal"));
    }

    [Test]
    public async Task Bench_splat_reports_both_sizes_as_json()
    {
        var result = await CliHarness.Run("bench", "splat", "--json", "--seconds", "0.01", "--threads", "1");

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.That(cases.Select(c => c.GetProperty("gaussians").GetInt32()), Is.EqualTo(new[] { 10_000, 50_000 }));
        Assert.That(cases.Select(c => c.GetProperty("forward_backward_milliseconds").GetDouble()), Is.All.GreaterThan(0));
    }

    // The benchmark scene seen from 3 units away, written as a PLY and a camera JSON.
    private (string Ply, string Camera) WriteScene(int width, int height)
    {
        var ply = Path.Combine(scratch, "scene.ply");
        var data = SyntheticSplatScene.Create(400, new Rng(4));
        for (var i = 0; i < data.Scales.Length; i++)
        {
            data.Scales[i] += 2f;   // larger splats, visible at this resolution
        }

        GaussianModel.FromPlyData(data).SavePly(ply);
        var camera = Path.Combine(scratch, "camera.json");
        var focal = width.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(camera, $$"""{"width": {{width}}, "height": {{height}}, "focal": {{focal}}, "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}""");
        return (ply, camera);
    }
}
