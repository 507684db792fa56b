namespace Research.Media.Wav;

/// <summary>How the samples in a WAV data chunk are encoded, after resolving WAVE_FORMAT_EXTENSIBLE.</summary>
internal enum WavEncoding
{
    UnsignedInt8,
    SignedInt16,
    SignedInt24,
    SignedInt32,
    Float32,
    Float64,
}

/// <summary>The parts of a 'fmt ' chunk the decoder needs.</summary>
internal readonly record struct WavFormat(WavEncoding Encoding, int Channels, int SampleRate, int BytesPerSample)
{
    public int BlockAlign => Channels * BytesPerSample;
}
