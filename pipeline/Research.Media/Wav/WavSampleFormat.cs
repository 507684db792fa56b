namespace Research.Media.Wav;

/// <summary>Sample encoding that <see cref="WavFile.Write(string, Audio.AudioClip, WavSampleFormat)"/> stores.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed integer PCM (format code 1): compact, what speech models expect.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format code 3): lossless for <see cref="Audio.AudioClip"/> samples.</summary>
    Float32,
}
