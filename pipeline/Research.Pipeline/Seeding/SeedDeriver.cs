using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Research.Pipeline.Seeding;

/// <summary>
/// Derives independent seeds from one root seed and a path of names (dataset, method, variant, seed index, stage):
/// the first 8 bytes of SHA-256("root|part|part…"), masked to a non-negative 31-bit int so any RNG accepts it.
/// Stable across machines, .NET versions and runs.
/// </summary>
public static class SeedDeriver
{
    /// <summary>The derived seed.</summary>
    public static int Derive(long rootSeed, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = rootSeed.ToString(CultureInfo.InvariantCulture) + "|" + string.Join('|', parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return (int)(BinaryPrimitives.ReadUInt64LittleEndian(hash) & 0x7FFF_FFFF);
    }
}
