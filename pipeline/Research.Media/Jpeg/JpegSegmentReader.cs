namespace Research.Media.Jpeg;

/// <summary>Finds markers between segments.</summary>
internal static class JpegSegmentReader
{
    /// <summary>
    /// Skips to the next marker (0xFF followed by a byte that is neither 0x00 nor 0xFF; fill bytes and stray data
    /// before it are passed over, as libjpeg does) and returns its code with <paramref name="position"/> just after it,
    /// or -1 at the end of the data.
    /// </summary>
    public static int NextMarker(ReadOnlySpan<byte> data, ref int position)
    {
        var p = position;
        while (p + 1 < data.Length)
        {
            if (data[p] == 0xFF)
            {
                var code = data[p + 1];
                if (code != 0x00 && code != 0xFF)
                {
                    position = p + 2;
                    return code;
                }
            }

            p++;
        }

        position = data.Length;
        return -1;
    }
}
