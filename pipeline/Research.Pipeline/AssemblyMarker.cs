namespace Research.Pipeline;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
