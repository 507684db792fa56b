using Research.Splatting.Cameras;

namespace Research.Splatting.Rasterization;

/// <summary>The camera as float constants, computed once per call.</summary>
internal readonly struct ProjectionCamera
{
    public readonly float V00, V01, V02, V03, V10, V11, V12, V13, V20, V21, V22, V23;
    public readonly float P00, P01, P02, P03, P10, P11, P12, P13, P30, P31, P32, P33;
    public readonly float Width, Height, Fx, Fy, LimX, LimY, CenterX, CenterY, CenterZ;
    public readonly int GridX, GridY;

    public ProjectionCamera(Camera camera)
    {
        var v = camera.WorldToCamera;
        var p = camera.FullProjection;
        V00 = (float)v[0, 0]; V01 = (float)v[0, 1]; V02 = (float)v[0, 2]; V03 = (float)v[0, 3];
        V10 = (float)v[1, 0]; V11 = (float)v[1, 1]; V12 = (float)v[1, 2]; V13 = (float)v[1, 3];
        V20 = (float)v[2, 0]; V21 = (float)v[2, 1]; V22 = (float)v[2, 2]; V23 = (float)v[2, 3];
        P00 = (float)p[0, 0]; P01 = (float)p[0, 1]; P02 = (float)p[0, 2]; P03 = (float)p[0, 3];
        P10 = (float)p[1, 0]; P11 = (float)p[1, 1]; P12 = (float)p[1, 2]; P13 = (float)p[1, 3];
        P30 = (float)p[3, 0]; P31 = (float)p[3, 1]; P32 = (float)p[3, 2]; P33 = (float)p[3, 3];
        Width = camera.Width;
        Height = camera.Height;
        Fx = (float)camera.Fx;
        Fy = (float)camera.Fy;
        LimX = (float)(1.3 * Math.Tan(camera.FovX / 2));
        LimY = (float)(1.3 * Math.Tan(camera.FovY / 2));
        var centre = camera.Center;
        CenterX = (float)centre.X;
        CenterY = (float)centre.Y;
        CenterZ = (float)centre.Z;
        GridX = (camera.Width + GaussianProjection.TileSize - 1) / GaussianProjection.TileSize;
        GridY = (camera.Height + GaussianProjection.TileSize - 1) / GaussianProjection.TileSize;
    }
}
