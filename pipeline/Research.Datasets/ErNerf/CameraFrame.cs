namespace Research.Datasets.ErNerf;

/// <summary>One entry of <c>frames[]</c> in <c>transforms_*.json</c>.</summary>
/// <param name="ImageId">Frame index (<c>img_id</c>), the file stem in <c>ori_imgs</c>.</param>
/// <param name="AudioId">Row of the audio features (<c>aud_id</c>); equal to <paramref name="ImageId"/> in ER-NeRF data.</param>
/// <param name="TransformMatrix">16 values, row-major 4×4, camera-to-world in the OpenGL convention (camera looks down −Z, y up).</param>
public sealed record CameraFrame(int ImageId, int AudioId, IReadOnlyList<double> TransformMatrix)
{
    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>) of the 4×4 matrix.</summary>
    public double this[int row, int column] => TransformMatrix[(row * 4) + column];
}
