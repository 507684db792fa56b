using System.Globalization;

namespace Research.Media.Jpeg;

/// <summary>Builds the decoder's <see cref="MediaFormatException"/>s so every message names the file and a fix.</summary>
internal static class JpegErrors
{
    public const string CorruptFix = "the file is corrupt; re-export or re-download it";

    public const string ReencodeFix = "re-encode it, e.g. ffmpeg -i in.jpg out.png (or -q:v 1 out.jpg for a baseline JPEG)";

    /// <summary>Damaged data: the message says what is wrong and ends with the corrupt-file advice.</summary>
    public static MediaFormatException Corrupt(string source, FormattableString what) =>
        new(source, what.ToString(CultureInfo.InvariantCulture) + "; " + CorruptFix + ".");

    /// <summary>Data cut short: the message says where.</summary>
    public static MediaFormatException Truncated(string source, FormattableString where) =>
        new(source, "the file is truncated " + where.ToString(CultureInfo.InvariantCulture) + "; " + CorruptFix + ".");

    /// <summary>A valid JPEG using a feature this decoder does not implement.</summary>
    public static MediaFormatException Unsupported(string source, FormattableString feature) =>
        new(source, feature.ToString(CultureInfo.InvariantCulture) + " is not supported; " + ReencodeFix + ".");
}
