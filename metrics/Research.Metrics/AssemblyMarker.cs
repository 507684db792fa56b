namespace Research.Metrics;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
