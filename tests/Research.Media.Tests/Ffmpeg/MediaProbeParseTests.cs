using NUnit.Framework;
using Research.Media.Ffmpeg;

namespace Research.Media.Tests.Ffmpeg;

/// <summary>Parses ffprobe JSON captured from ffmpeg 5.1 (trimmed to the fields that matter), so no ffprobe is needed.</summary>
[TestFixture]
public sealed class MediaProbeParseTests
{
    private const string VideoWithAudio = """
        {
            "streams": [
                {
                    "index": 0, "codec_name": "h264", "codec_type": "video", "width": 64, "height": 48,
                    "pix_fmt": "yuv420p", "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "time_base": "1/12800",
                    "duration": "1.000000", "nb_frames": "25",
                    "disposition": { "default": 1, "attached_pic": 0 }
                },
                {
                    "index": 1, "codec_name": "aac", "codec_type": "audio", "sample_fmt": "fltp",
                    "sample_rate": "44100", "channels": 1, "channel_layout": "mono",
                    "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "duration": "1.000000", "nb_frames": "45"
                }
            ],
            "format": { "filename": "av.mp4", "nb_streams": 2, "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "1.000000" }
        }
        """;

    private const string VideoOnly = """
        {
            "streams": [
                { "index": 0, "codec_name": "mpeg4", "codec_type": "video", "width": 640, "height": 360,
                  "r_frame_rate": "30/1", "avg_frame_rate": "30/1", "duration": "2.000000", "nb_frames": "60" }
            ],
            "format": { "filename": "silent.mp4", "duration": "2.000000" }
        }
        """;

    private const string NtscWithFrameCount = """
        {
            "streams": [
                { "index": 0, "codec_name": "h264", "codec_type": "video", "width": 1920, "height": 1080,
                  "r_frame_rate": "30000/1001", "avg_frame_rate": "30000/1001", "duration": "10.010000", "nb_frames": "300" },
                { "index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "48000", "channels": 2 },
                { "index": 2, "codec_name": "ac3", "codec_type": "audio", "sample_rate": "48000", "channels": 6 }
            ],
            "format": { "filename": "ntsc.mov", "duration": "10.010000" }
        }
        """;

    // WebM/Matroska record no nb_frames and no stream duration (only a DURATION tag).
    private const string WebmWithoutFrameCount = """
        {
            "streams": [
                { "index": 0, "codec_name": "vp9", "codec_type": "video", "width": 64, "height": 48,
                  "r_frame_rate": "30000/1001", "avg_frame_rate": "30000/1001", "time_base": "1/1000",
                  "tags": { "ENCODER": "Lavc59.37.100 libvpx-vp9", "DURATION": "00:00:01.001000000" } }
            ],
            "format": { "filename": "v.webm", "format_name": "matroska,webm", "duration": "1.001000" }
        }
        """;

    [Test]
    public void Video_with_audio()
    {
        var probe = MediaProbe.ParseFfprobeJson(VideoWithAudio, "av.mp4");

        Assert.That(probe.VideoCodec, Is.EqualTo("h264"));
        Assert.That(probe.Width, Is.EqualTo(64));
        Assert.That(probe.Height, Is.EqualTo(48));
        Assert.That(probe.Fps, Is.EqualTo(25.0));
        Assert.That(probe.FrameCount, Is.EqualTo(25));
        Assert.That(probe.FrameCountEstimated, Is.False);
        Assert.That(probe.DurationSeconds, Is.EqualTo(1.0));
        Assert.That(probe.HasVideo, Is.True);
        Assert.That(probe.HasAudio, Is.True);
        Assert.That(probe.AudioStreams, Is.EqualTo(new[] { new AudioStreamInfo("aac", 44100, 1) }));
    }

    [Test]
    public void Video_without_audio()
    {
        var probe = MediaProbe.ParseFfprobeJson(VideoOnly, "silent.mp4");

        Assert.That(probe.HasAudio, Is.False);
        Assert.That(probe.AudioStreams, Is.Empty);
        Assert.That((probe.Width, probe.Height, probe.Fps, probe.FrameCount), Is.EqualTo((640, 360, 30.0, 60L)));
    }

    [Test]
    public void Fractional_ntsc_rate_and_several_audio_streams()
    {
        var probe = MediaProbe.ParseFfprobeJson(NtscWithFrameCount, "ntsc.mov");

        Assert.That(probe.Fps, Is.EqualTo(30000.0 / 1001));
        Assert.That(probe.FrameCount, Is.EqualTo(300));
        Assert.That(probe.AudioStreams, Is.EqualTo(new[] { new AudioStreamInfo("aac", 48000, 2), new AudioStreamInfo("ac3", 48000, 6) }));
    }

    [Test]
    public void Missing_nb_frames_is_estimated_from_duration_and_rate()
    {
        var probe = MediaProbe.ParseFfprobeJson(WebmWithoutFrameCount, "v.webm");

        Assert.That(probe.FrameCount, Is.EqualTo(30), "1.001 s at 29.97 fps");
        Assert.That(probe.FrameCountEstimated, Is.True);
        Assert.That(probe.DurationSeconds, Is.EqualTo(1.001));
        Assert.That(probe.VideoCodec, Is.EqualTo("vp9"));
    }

    [Test]
    public void Falls_back_to_r_frame_rate_when_avg_frame_rate_is_unknown()
    {
        const string json = """
            { "streams": [ { "codec_type": "video", "codec_name": "h264", "width": 2, "height": 2,
                             "r_frame_rate": "24000/1001", "avg_frame_rate": "0/0" } ],
              "format": { "duration": "N/A" } }
            """;

        var probe = MediaProbe.ParseFfprobeJson(json, "raw.h264");

        Assert.That(probe.Fps, Is.EqualTo(24000.0 / 1001));
        Assert.That(probe.DurationSeconds, Is.Zero);
        Assert.That(probe.FrameCount, Is.Zero);
    }

    [Test]
    public void Audio_only_file_and_cover_art_are_not_video()
    {
        const string json = """
            { "streams": [
                { "codec_type": "audio", "codec_name": "mp3", "sample_rate": "44100", "channels": 2, "duration": "3.5" },
                { "codec_type": "video", "codec_name": "mjpeg", "width": 500, "height": 500,
                  "r_frame_rate": "90000/1", "avg_frame_rate": "0/0", "disposition": { "attached_pic": 1 } } ] }
            """;

        var probe = MediaProbe.ParseFfprobeJson(json, "song.mp3");

        Assert.That(probe.HasVideo, Is.False);
        Assert.That((probe.Width, probe.Height, probe.Fps, probe.FrameCount), Is.EqualTo((0, 0, 0.0, 0L)));
        Assert.That(probe.DurationSeconds, Is.EqualTo(3.5), "no format section: longest stream");
        Assert.That(probe.AudioStreams.Single().Codec, Is.EqualTo("mp3"));
    }

    [TestCase("not json at all", "not valid JSON")]
    [TestCase("[1, 2]", "not a JSON object")]
    [TestCase("{ \"streams\": [], \"format\": { \"duration\": \"1.0\" } }", "no video or audio stream")]
    public void Bad_output_is_a_media_format_error(string json, string expected)
    {
        Assert.That(
            () => MediaProbe.ParseFfprobeJson(json, "clip.mp4"),
            Throws.TypeOf<MediaFormatException>().With.Message.Contains(expected).And.Message.Contains("clip.mp4"));
    }

    [TestCase("25/1", 25.0)]
    [TestCase("30000/1001", 30000.0 / 1001)]
    [TestCase("0/0", 0.0)]
    [TestCase("12.5", 12.5)]
    [TestCase("", 0.0)]
    [TestCase("abc/1", 0.0)]
    [TestCase("-25/1", 0.0)]
    public void Parses_rates(string text, double expected)
    {
        Assert.That(MediaProbe.ParseRate(text), Is.EqualTo(expected));
    }
}
