namespace Research.Stages;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
