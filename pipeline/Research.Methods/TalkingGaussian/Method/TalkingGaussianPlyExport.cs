using Research.Splatting.Gaussians;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// The canonical (undeformed) Gaussian fields of a model as standard 3DGS PLY files: <c>face.ply</c> and, when the
/// model has an inside-mouth branch, <c>mouth.ply</c>. Scales are written as log(softplus(raw)) so splat viewers show
/// the trained sizes (<see cref="GaussianModel.SavePly"/>).
/// </summary>
internal static class TalkingGaussianPlyExport
{
    public const string FaceFile = "face.ply";
    public const string MouthFile = "mouth.ply";

    /// <summary>Writes face.ply and (unless <paramref name="mouth"/> is null) mouth.ply; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string directory, GaussianModel face, GaussianModel? mouth)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string> { Path.Combine(directory, FaceFile) };
        face.SavePly(paths[0]);
        if (mouth is not null)
        {
            paths.Add(Path.Combine(directory, MouthFile));
            mouth.SavePly(paths[1]);
        }

        return paths;
    }
}
