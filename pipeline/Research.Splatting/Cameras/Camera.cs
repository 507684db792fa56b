namespace Research.Splatting.Cameras;

/// <summary>
/// A pinhole camera in the 3DGS convention. Built from an OpenGL/NeRF camera-to-world pose (x right, y up, camera
/// looking down −z, as in transforms_*.json): the y and z columns are negated to get the COLMAP/3DGS pose (y down,
/// looking down +z), which is inverted to the world-to-camera matrix. The projection is the standard 3DGS
/// getProjectionMatrix with a centred principal point (TalkingGaussian ignores cx, cy; they are kept for reference).
/// </summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Fx">Horizontal focal length in pixels.</param>
/// <param name="Fy">Vertical focal length in pixels.</param>
/// <param name="Cx">Principal point x in pixels, as in the dataset; not used by the projection.</param>
/// <param name="Cy">Principal point y in pixels, as in the dataset; not used by the projection.</param>
/// <param name="CameraToWorldGl">4×4 camera-to-world matrix, OpenGL axes (the dataset's <c>transform_matrix</c>).</param>
public sealed record Camera(int Width, int Height, double Fx, double Fy, double Cx, double Cy, Matrix4d CameraToWorldGl)
{
    /// <summary>Near plane, as in TalkingGaussian / 3DGS.</summary>
    public const double ZNear = 0.01;

    /// <summary>Far plane, as in TalkingGaussian / 3DGS.</summary>
    public const double ZFar = 100.0;

    /// <summary>Creates a camera with one focal length and a centred principal point.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="focal">Focal length in pixels (both axes).</param>
    /// <param name="cameraToWorldGl">OpenGL camera-to-world matrix.</param>
    /// <exception cref="ArgumentException">Non-positive size or focal, or a pose whose last row is not (0,0,0,1).</exception>
    public static Camera FromFocal(int width, int height, double focal, Matrix4d cameraToWorldGl) =>
        Create(width, height, focal, focal, width / 2.0, height / 2.0, cameraToWorldGl);

    /// <summary>Creates a camera after validating the arguments.</summary>
    /// <exception cref="ArgumentException">Non-positive size or focal, non-finite values, or a pose whose last row is not (0,0,0,1).</exception>
    public static Camera Create(int width, int height, double fx, double fy, double cx, double cy, Matrix4d cameraToWorldGl)
    {
        ArgumentNullException.ThrowIfNull(cameraToWorldGl);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"Camera: size {width}×{height} must be positive.", nameof(width));
        }

        if (!(fx > 0) || !(fy > 0) || !double.IsFinite(fx) || !double.IsFinite(fy))
        {
            throw new ArgumentException($"Camera: focal lengths ({fx}, {fy}) must be positive and finite.", nameof(fx));
        }

        if (!double.IsFinite(cx) || !double.IsFinite(cy))
        {
            throw new ArgumentException($"Camera: principal point ({cx}, {cy}) must be finite.", nameof(cx));
        }

        if (cameraToWorldGl.ToRowMajor().Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Camera: the camera-to-world matrix has a non-finite value.", nameof(cameraToWorldGl));
        }

        var camera = new Camera(width, height, fx, fy, cx, cy, cameraToWorldGl);
        _ = camera.WorldToCamera; // validates the last row
        return camera;
    }

    /// <summary>Horizontal field of view in radians, 2·atan(W / (2·fx)).</summary>
    public double FovX => 2 * Math.Atan(Width / (2 * Fx));

    /// <summary>Vertical field of view in radians, 2·atan(H / (2·fy)).</summary>
    public double FovY => 2 * Math.Atan(Height / (2 * Fy));

    /// <summary>Camera-to-world in COLMAP/3DGS axes (OpenGL pose with the y and z columns negated).</summary>
    public Matrix4d CameraToWorld => GlToColmap(CameraToWorldGl);

    /// <summary>World-to-camera (view) matrix in 3DGS axes: camera looks down +z, y down. 3DGS's world_view_transform is its transpose.</summary>
    public Matrix4d WorldToCamera => CameraToWorld.RigidInverse();

    /// <summary>The 3DGS projection matrix (getProjectionMatrix, z_sign = 1): maps view space to clip space, w = z_view.</summary>
    public Matrix4d Projection => ProjectionMatrix(ZNear, ZFar, FovX, FovY);

    /// <summary>Projection·WorldToCamera. 3DGS's full_proj_transform is its transpose.</summary>
    public Matrix4d FullProjection => Projection.Multiply(WorldToCamera);

    /// <summary>Camera centre in world coordinates (translation column of the camera-to-world pose).</summary>
    public (double X, double Y, double Z) Center => (CameraToWorldGl[0, 3], CameraToWorldGl[1, 3], CameraToWorldGl[2, 3]);

    /// <summary>Converts an OpenGL camera-to-world pose to COLMAP axes by negating its y and z columns (an involution).</summary>
    /// <param name="cameraToWorld">A camera-to-world matrix.</param>
    /// <returns>The converted matrix.</returns>
    public static Matrix4d GlToColmap(Matrix4d cameraToWorld)
    {
        ArgumentNullException.ThrowIfNull(cameraToWorld);
        var m = cameraToWorld.ToRowMajor();
        for (var row = 0; row < 3; row++)
        {
            m[(row * 4) + 1] = -m[(row * 4) + 1];
            m[(row * 4) + 2] = -m[(row * 4) + 2];
        }

        return new Matrix4d(m);
    }

    /// <summary>The inverse of <see cref="GlToColmap"/> (the same column negation).</summary>
    /// <param name="cameraToWorld">A COLMAP camera-to-world matrix.</param>
    /// <returns>The OpenGL matrix.</returns>
    public static Matrix4d ColmapToGl(Matrix4d cameraToWorld) => GlToColmap(cameraToWorld);

    /// <summary>
    /// The 3DGS getProjectionMatrix: a symmetric frustum with top = tan(fovY/2)·n, right = tan(fovX/2)·n;
    /// P[0,0] = 2n/(r−l), P[1,1] = 2n/(t−b), P[3,2] = 1, P[2,2] = f/(f−n), P[2,3] = −f·n/(f−n).
    /// </summary>
    /// <param name="zNear">Near plane.</param>
    /// <param name="zFar">Far plane.</param>
    /// <param name="fovX">Horizontal field of view (radians).</param>
    /// <param name="fovY">Vertical field of view (radians).</param>
    /// <returns>The projection matrix (column-vector convention).</returns>
    public static Matrix4d ProjectionMatrix(double zNear, double zFar, double fovX, double fovY)
    {
        var top = Math.Tan(fovY / 2) * zNear;
        var bottom = -top;
        var right = Math.Tan(fovX / 2) * zNear;
        var left = -right;
        var p = new double[16];
        p[0] = 2 * zNear / (right - left);
        p[5] = 2 * zNear / (top - bottom);
        p[2] = (right + left) / (right - left);
        p[6] = (top + bottom) / (top - bottom);
        p[14] = 1;
        p[10] = zFar / (zFar - zNear);
        p[11] = -(zFar * zNear) / (zFar - zNear);
        return new Matrix4d(p);
    }

    /// <summary>
    /// Projects a world point to pixel coordinates the way the 3DGS rasterizer does: clip = FullProjection·p,
    /// ndc = clip.xy / clip.w, pixel = ((ndc + 1)·size − 1) / 2 (ndc2Pix; pixel centres at integers).
    /// </summary>
    /// <param name="x">World x.</param>
    /// <param name="y">World y.</param>
    /// <param name="z">World z.</param>
    /// <returns>Pixel (u, v) and the view-space depth (positive in front of the camera).</returns>
    public (double U, double V, double Depth) ProjectToPixel(double x, double y, double z)
    {
        var clip = FullProjection.Transform(x, y, z);
        var view = WorldToCamera.Transform(x, y, z);
        var ndcX = clip.X / clip.W;
        var ndcY = clip.Y / clip.W;
        return ((((ndcX + 1) * Width) - 1) / 2, (((ndcY + 1) * Height) - 1) / 2, view.Z);
    }
}
