namespace Research.Methods;

/// <summary>A method whose trained model holds Gaussian fields that can be exported as standard 3DGS PLY files.</summary>
public interface IPlyExportingMethod
{
    /// <summary>Writes the model's Gaussian fields (canonical, undeformed) as PLY files into <paramref name="outputDirectory"/>; returns their paths.</summary>
    IReadOnlyList<string> ExportPly(string modelDirectory, string outputDirectory);
}
