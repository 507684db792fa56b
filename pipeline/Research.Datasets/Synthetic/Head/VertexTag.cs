namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// Build-time facts about a vertex for the expression rig: its role, which eye (0 right, 1 left) for eye parts,
/// the mouth column coordinate s = a / a_corner, a band coordinate t (0 at the lip line, 1 at the lip border;
/// pocket ring for the mouth interior) and, for skin, whether it lies below the lip line.
/// </summary>
internal readonly record struct VertexTag(VertexRole Role, int Eye = -1, double S = 0, double T = 0, bool Below = false);
