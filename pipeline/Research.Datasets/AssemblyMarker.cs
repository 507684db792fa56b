namespace Research.Datasets;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
