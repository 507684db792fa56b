using Research.Methods;
using Research.Pipeline.Errors;

namespace Research.Stages.Synthesis;

/// <summary><c>research export</c>: writes the PLY files of a trained job of a run (e.g. TalkingGaussian's face.ply and mouth.ply).</summary>
public static class PlyExporter
{
    /// <summary>
    /// Resolves the job (see <see cref="RunJobResolver"/>; <paramref name="job"/> may be null when one trained job can
    /// export PLY files) and writes its PLY files into <paramref name="output"/>; returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Export(string run, string? job, string output, MethodRegistry registry)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        var resolved = RunJobResolver.Resolve(run, job, registry, JobCapability.PlyExport);
        if (resolved.Spec.Method.Create(resolved.Spec.Options) is not IPlyExportingMethod exporter)
        {
            throw new UserErrorException($"job '{resolved.Spec.Id}' uses {resolved.Spec.Method.Name}, which has no PLY export (methods that have: {string.Join(", ", JobCapability.PlyExport.Methods(registry))}).");
        }

        var folder = Path.GetFullPath(output);
        Directory.CreateDirectory(folder);
        return exporter.ExportPly(resolved.Inputs.Model, folder);
    }
}
