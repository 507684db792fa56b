using System.Globalization;
using System.Text.Json;

namespace Research.Media.Ffmpeg;

/// <summary>What ffprobe says about a media file: the first video stream and all audio streams.</summary>
/// <param name="VideoCodec">Codec of the first video stream (e.g. "h264"), or null when there is no video.</param>
/// <param name="Width">Video width in pixels (0 without video).</param>
/// <param name="Height">Video height in pixels (0 without video).</param>
/// <param name="Fps">Frames per second from avg_frame_rate, else r_frame_rate (0 without video).</param>
/// <param name="FrameCount">Video frames: nb_frames when the container records it, else round(duration × fps).</param>
/// <param name="FrameCountEstimated">True when <paramref name="FrameCount"/> was estimated from duration × fps.</param>
/// <param name="DurationSeconds">Container duration, else the longest stream duration (0 when unknown).</param>
/// <param name="AudioStreams">Audio streams in file order (empty when there is no audio).</param>
public sealed record MediaProbe(
    string? VideoCodec,
    int Width,
    int Height,
    double Fps,
    long FrameCount,
    bool FrameCountEstimated,
    double DurationSeconds,
    IReadOnlyList<AudioStreamInfo> AudioStreams)
{
    /// <summary>True when the file has a video stream.</summary>
    public bool HasVideo => VideoCodec is not null;

    /// <summary>True when the file has at least one audio stream.</summary>
    public bool HasAudio => AudioStreams.Count > 0;

    /// <summary>
    /// Parses the output of <c>ffprobe -v error -print_format json -show_format -show_streams &lt;file&gt;</c>.
    /// Cover-art pictures (attached_pic) are not treated as video.
    /// </summary>
    /// <param name="json">ffprobe's stdout.</param>
    /// <param name="sourceName">The probed file, for error messages.</param>
    /// <returns>The probe.</returns>
    /// <exception cref="MediaFormatException">The text is not ffprobe JSON, or the file has neither video nor audio.</exception>
    public static MediaProbe ParseFfprobeJson(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MediaFormatException(sourceName, $"ffprobe output is not valid JSON ({e.Message}); run ffprobe -v error -print_format json -show_format -show_streams on the file to see what it reports.", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MediaFormatException(sourceName, "ffprobe output is not a JSON object; run ffprobe -print_format json on the file to see what it reports.");
            }

            JsonElement? video = null;
            var audio = new List<AudioStreamInfo>();
            double? longestStream = null;
            if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
            {
                foreach (var stream in streams.EnumerateArray())
                {
                    if (stream.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var type = GetString(stream, "codec_type");
                    if (type == "video" && video is null && !IsAttachedPicture(stream))
                    {
                        video = stream;
                    }
                    else if (type == "audio")
                    {
                        audio.Add(new AudioStreamInfo(
                            GetString(stream, "codec_name") ?? "unknown",
                            GetInt(stream, "sample_rate") ?? 0,
                            GetInt(stream, "channels") ?? 0));
                    }

                    if (type is "video" or "audio" && GetDouble(stream, "duration") is { } d)
                    {
                        longestStream = Math.Max(longestStream ?? 0, d);
                    }
                }
            }

            double? formatDuration = root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object
                ? GetDouble(format, "duration")
                : null;
            var duration = formatDuration ?? longestStream ?? 0;

            if (video is not { } v)
            {
                if (audio.Count == 0)
                {
                    throw new MediaFormatException(sourceName, "ffprobe found no video or audio stream; check that the file is a media file (ffprobe <file>).");
                }

                return new MediaProbe(null, 0, 0, 0, 0, false, duration, audio);
            }

            var fps = ParseRate(GetString(v, "avg_frame_rate"));
            if (fps <= 0)
            {
                fps = ParseRate(GetString(v, "r_frame_rate"));
            }

            var frames = GetLong(v, "nb_frames") ?? 0;
            var estimated = false;
            if (frames <= 0)
            {
                // Matroska/WebM and raw streams do not record a frame count.
                var videoDuration = GetDouble(v, "duration") ?? duration;
                frames = fps > 0 ? (long)Math.Round(videoDuration * fps, MidpointRounding.AwayFromZero) : 0;
                estimated = true;
            }

            return new MediaProbe(
                GetString(v, "codec_name") ?? "unknown",
                GetInt(v, "width") ?? 0,
                GetInt(v, "height") ?? 0,
                fps,
                frames,
                estimated,
                duration,
                audio);
        }
    }

    /// <summary>Parses an ffprobe rate such as "25/1", "30000/1001" or "25"; 0 for "0/0" or anything unparsable.</summary>
    /// <param name="rate">The rate text.</param>
    /// <returns>The rate, or 0.</returns>
    public static double ParseRate(string? rate)
    {
        if (string.IsNullOrWhiteSpace(rate))
        {
            return 0;
        }

        var slash = rate.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryParseDouble(rate) is { } plain && double.IsFinite(plain) && plain > 0 ? plain : 0;
        }

        if (TryParseDouble(rate[..slash]) is { } numerator && TryParseDouble(rate[(slash + 1)..]) is { } denominator && denominator != 0)
        {
            var value = numerator / denominator;
            return double.IsFinite(value) && value > 0 ? value : 0;
        }

        return 0;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.ValueKind == JsonValueKind.Object
        && GetInt(disposition, "attached_pic") == 1;

    private static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // ffprobe prints some numbers as JSON strings ("sample_rate": "16000") and "N/A" when unknown.
    private static double? GetDouble(JsonElement obj, string name) =>
        GetString(obj, name) is { } text && TryParseDouble(text) is { } value && double.IsFinite(value) ? value : null;

    private static long? GetLong(JsonElement obj, string name) =>
        GetString(obj, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? GetInt(JsonElement obj, string name) =>
        GetLong(obj, name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    private static double? TryParseDouble(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
