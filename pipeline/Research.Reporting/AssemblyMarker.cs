namespace Research.Reporting;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
