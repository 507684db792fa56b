using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Head;
using Research.Datasets.Synthetic.Rendering;
using Research.Media.Imaging;

namespace Research.Datasets.Synthetic;

/// <summary>
/// Renders frames of one person: deforms the mesh by the expression weights, poses the head about the neck pivot
/// (the torso stays put, the neck blends between the two), lights the vertices, rasterises labels from pixel
/// centres and colour from 2×2 samples, and projects the landmarks. Not thread-safe: use one instance per thread
/// (the <see cref="HeadMesh"/> can be shared).
/// </summary>
public sealed class SyntheticFrameRenderer
{
    private readonly HeadMesh head;
    private readonly float[] deformed;
    private readonly float[] normals;
    private readonly RasterMesh raster;
    private readonly RasterTarget labelTarget;
    private readonly RasterTarget? colorTarget;
    private readonly float[] rgb;
    private readonly bool[] bodyMaterials;

    /// <summary>Creates a renderer.</summary>
    /// <param name="head">The person.</param>
    /// <param name="camera">The camera (its size is the frame size).</param>
    /// <param name="background">The static plate, RGB at the camera's size.</param>
    /// <param name="supersample">2×2 samples per pixel for colour (labels always come from pixel centres).</param>
    public SyntheticFrameRenderer(HeadMesh head, PinholeCamera camera, ByteImage background, bool supersample = true)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(background);
        if (background.Width != camera.Width || background.Height != camera.Height || background.Channels != 3)
        {
            throw new ArgumentException($"The background must be RGB {camera.Width}x{camera.Height}, got {background.Width}x{background.Height}x{background.Channels}.", nameof(background));
        }

        this.head = head;
        Camera = camera;
        Background = background;
        deformed = new float[head.RestPositions.Length];
        normals = new float[head.RestPositions.Length];
        raster = new RasterMesh(new float[head.RestPositions.Length], new float[head.VertexCount * 4], head.Triangles, head.TriangleMaterials, head.Materials);
        labelTarget = new RasterTarget(camera.Width, camera.Height, 1);
        colorTarget = supersample ? new RasterTarget(camera.Width, camera.Height, 2) : null;
        rgb = new float[camera.Width * camera.Height * 3];
        bodyMaterials = [.. head.Materials.Select(m => m.Class is ParsingClass.Neck or ParsingClass.Cloth)];
    }

    /// <summary>The camera.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>The background plate.</summary>
    public ByteImage Background { get; }

    /// <summary>
    /// Deforms and poses the mesh into camera space and lights it; returns the camera-space mesh (valid until the
    /// next call). <see cref="Render"/> calls this first.
    /// </summary>
    public RasterMesh Pose(ReadOnlySpan<float> weights, HeadPose pose)
    {
        head.Deform(weights, deformed);
        var transform = HeadPlacement.HeadToCamera(pose);
        var r = transform.Rotation;
        var t = transform.Translation;
        var (rx, ry, rz) = HeadPlacement.RestTranslation;
        var positions = raster.Positions;
        var weightsOfHead = head.HeadWeights;
        for (var v = 0; v < head.VertexCount; v++)
        {
            double x = deformed[v * 3], y = deformed[(v * 3) + 1], z = deformed[(v * 3) + 2];
            double w = weightsOfHead[v];
            var hx = (r[0] * x) + (r[1] * y) + (r[2] * z) + t[0];
            var hy = (r[3] * x) + (r[4] * y) + (r[5] * z) + t[1];
            var hz = (r[6] * x) + (r[7] * y) + (r[8] * z) + t[2];
            positions[v * 3] = (float)((w * hx) + ((1 - w) * (x + rx)));
            positions[(v * 3) + 1] = (float)((w * hy) + ((1 - w) * (y + ry)));
            positions[(v * 3) + 2] = (float)((w * hz) + ((1 - w) * (z + rz)));
        }

        VertexLighting.Normals(positions, raster.Triangles, normals);
        VertexLighting.Shade(positions, normals, head.Tints, raster.Shading);
        return raster;
    }

    /// <summary>Renders one frame into <paramref name="frame"/>.</summary>
    /// <param name="weights">Expression weights (see <see cref="Performance.Weights"/>).</param>
    /// <param name="pose">Head pose.</param>
    /// <param name="frame">Output buffers of the camera's size.</param>
    /// <param name="torsoLayer">Also render <see cref="RenderedFrame.TorsoImage"/> (a second, head-less pass).</param>
    public void Render(ReadOnlySpan<float> weights, HeadPose pose, RenderedFrame frame, bool torsoLayer = true)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Camera.Width || frame.Height != Camera.Height)
        {
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height} but the camera is {Camera.Width}x{Camera.Height}.", nameof(frame));
        }

        Pose(weights, pose);
        var transform = HeadPlacement.HeadToCamera(pose);
        frame.Transform = transform;
        ProjectLandmarks(transform, frame);

        Draw(null);
        var pixels = frame.Image.Pixels;
        var plate = Background.Pixels;
        for (var p = 0; p < frame.Labels.Length; p++)
        {
            var source = labelTarget.SourceTriangleAt(p);
            var material = source < 0 ? null : head.Materials[head.TriangleMaterials[source]];
            var label = material?.Class ?? ParsingClass.Background;
            frame.Labels[p] = (byte)label;
            frame.Teeth[p] = material?.IsTeeth ?? false;
            frame.Depth[p] = labelTarget.Depth[p];
            for (var c = 0; c < 3; c++)
            {
                pixels[(p * 3) + c] = label == ParsingClass.Background ? plate[(p * 3) + c] : RgbColor.ToByte(rgb[(p * 3) + c]);
            }
        }

        if (!torsoLayer)
        {
            return;
        }

        Draw(bodyMaterials);
        var torso = frame.TorsoImage.Pixels;
        for (var p = 0; p < frame.Labels.Length; p++)
        {
            var covered = labelTarget.SourceTriangleAt(p) >= 0;
            for (var c = 0; c < 3; c++)
            {
                torso[(p * 4) + c] = covered ? RgbColor.ToByte(rgb[(p * 3) + c]) : plate[(p * 3) + c];
            }

            torso[(p * 4) + 3] = covered ? (byte)255 : (byte)0;
        }
    }

    private void Draw(bool[]? include)
    {
        labelTarget.Clear();
        Rasterizer.Rasterize(raster, Camera, labelTarget, include);
        var shaded = labelTarget;
        if (colorTarget is not null)
        {
            colorTarget.Clear();
            Rasterizer.Rasterize(raster, Camera, colorTarget, include);
            shaded = colorTarget;
        }

        SampleShader.Resolve(raster, shaded, Background.Pixels, rgb);
    }

    private void ProjectLandmarks(RigidTransform transform, RenderedFrame frame)
    {
        for (var k = 0; k < HeadMesh.LandmarkCount; k++)
        {
            var v = head.LandmarkVertices[k];
            var (x, y, z) = transform.Apply(deformed[v * 3], deformed[(v * 3) + 1], deformed[(v * 3) + 2]);
            frame.Landmarks3D[k * 3] = x;
            frame.Landmarks3D[(k * 3) + 1] = y;
            frame.Landmarks3D[(k * 3) + 2] = z;
            var (u, w) = Camera.Project(x, y, z);
            frame.Landmarks[k * 2] = u;
            frame.Landmarks[(k * 2) + 1] = w;
        }
    }
}
