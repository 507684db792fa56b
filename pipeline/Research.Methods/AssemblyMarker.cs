namespace Research.Methods;

/// <summary>Marker for assembly lookups.</summary>
internal static class AssemblyMarker
{
}
