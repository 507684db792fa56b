using System.Runtime.InteropServices;

namespace Research.Pipeline.Storage;

/// <summary>Creates hard links through the C library (Linux/macOS); callers fall back to copying.</summary>
internal static partial class HardLink
{
    public static bool TryCreate(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return NativeLink(existing, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeLink(string existing, string link);
}
