using Research.Datasets.ErNerf;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>How one part of the model looks and which parsing class its pixels get.</summary>
/// <param name="Name">Part name, e.g. <c>skin</c> or <c>upper-teeth</c>.</param>
/// <param name="Albedo">Base colour.</param>
/// <param name="Class">Parsing class written to <c>parsing/&lt;i&gt;.png</c>.</param>
/// <param name="IsTeeth">Pixels of this part are true in <c>teeth_mask/&lt;i&gt;.npy</c>.</param>
/// <param name="Specular">Strength of the white highlight (0 for matte parts).</param>
/// <param name="TwoSided">Drawn from both sides; one-sided parts are culled when their back faces the camera.</param>
public sealed record SurfaceMaterial(string Name, RgbColor Albedo, ParsingClass Class, bool IsTeeth = false, float Specular = 0, bool TwoSided = false);
