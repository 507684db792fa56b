using Research.Media.Audio;

namespace Research.Metrics.Sync;

/// <summary>Turns decoded audio into the int16 samples syncnet_python reads with <c>scipy.io.wavfile</c>.</summary>
public static class SyncAudio
{
    /// <summary>The sample rate SyncNet's MFCC windows assume (100 MFCC frames/s, 640 samples per 25 fps frame).</summary>
    public const int SampleRate = 16000;

    /// <summary>The ffmpeg command syncnet_python uses to extract the audio.</summary>
    public const string ConvertCommand = "ffmpeg -y -i <input> -async 1 -ac 1 -vn -acodec pcm_s16le -ar 16000 <output>.wav";

    /// <summary>
    /// int16 samples of a 16 kHz mono clip (as read from a 16-bit PCM WAV: float v = int16 / 32768, so this is exact).
    /// No resampling is done here: a different rate or channel count is an error naming the ffmpeg command to convert,
    /// because the resampler changes the scores (metrics.md §11).
    /// </summary>
    /// <param name="clip">Decoded audio.</param>
    /// <exception cref="ArgumentException">The clip is not 16 kHz mono.</exception>
    public static short[] ToInt16(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        CheckFormat(clip.SampleRate, clip.Channels);
        var result = new short[clip.Samples.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (short)Math.Clamp(Math.Round(clip.Samples[i] * 32768.0, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
        }

        return result;
    }

    /// <summary>Throws unless the audio is 16 kHz mono.</summary>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="channels">Channel count.</param>
    public static void CheckFormat(int sampleRate, int channels)
    {
        if (sampleRate != SampleRate || channels != 1)
        {
            throw new ArgumentException(
                $"SyncNet needs 16000 Hz mono audio, got {sampleRate} Hz with {channels} channel(s); convert it as syncnet_python does: {ConvertCommand}");
        }
    }
}
