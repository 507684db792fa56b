using System.Buffers.Binary;
using System.Globalization;
using Research.Media.Audio;
using Research.Media.IO;

namespace Research.Media.Wav;

/// <summary>
/// Reads and writes RIFF/WAVE files as <see cref="AudioClip"/>s (floats in [-1, 1], channels interleaved).
/// </summary>
/// <remarks>
/// <para>
/// Reading accepts PCM (format 1) at 8, 16, 24 and 32 bits, IEEE float (format 3) at 32 and 64 bits, and
/// WAVE_FORMAT_EXTENSIBLE (0xFFFE) whose sub-format is PCM or IEEE float; any channel count of one or more.
/// Unknown chunks (LIST, fact, cue, ...) are skipped, odd-sized chunks honour their pad byte, and a data size that
/// overruns the file (streaming writers such as ffmpeg to a pipe leave 0xFFFFFFFF) is clamped to the bytes present.
/// RF64 files are accepted too.
/// </para>
/// <para>
/// Integer samples are scaled by the full-scale power of two, so the mapping is exact and matches ffmpeg's own
/// conversion to float: 8-bit unsigned <c>(v - 128) / 128</c>, 16-bit <c>v / 32768</c>, 24-bit <c>v / 8388608</c>,
/// 32-bit <c>v / 2147483648</c>. 64-bit floats are rounded to the nearest 32-bit float.
/// </para>
/// </remarks>
public static class WavFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;
    private const string ConvertHint = "convert with ffmpeg -i <input> -c:a pcm_s16le <output>.wav";

    // KSDATAFORMAT_SUBTYPE_* GUIDs share these 12 bytes after the 2-byte format code and 2 zero bytes.
    private static readonly byte[] SubFormatGuidTail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Reads a WAV file.</summary>
    /// <param name="path">File to read.</param>
    /// <returns>The decoded samples.</returns>
    /// <exception cref="MediaFormatException">The file is not a WAV file, is damaged, or uses an unsupported encoding.</exception>
    public static AudioClip Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes WAV file bytes.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="sourceName">Name used in error messages (usually the path).</param>
    /// <returns>The decoded samples.</returns>
    /// <exception cref="MediaFormatException">The bytes are not a WAV file, are damaged, or use an unsupported encoding.</exception>
    public static AudioClip Decode(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFX"u8))
        {
            throw new MediaFormatException(sourceName, $"big-endian (RIFX) WAV is not supported; {ConvertHint}.");
        }

        var isRf64 = bytes.Length >= 4 && bytes[..4].SequenceEqual("RF64"u8);
        if (bytes.Length < 12 || !(isRf64 || bytes[..4].SequenceEqual("RIFF"u8)) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new MediaFormatException(sourceName, $"not a WAV file (no RIFF/WAVE header); {ConvertHint}.");
        }

        WavFormat? format = null;
        var dataOffset = -1;
        var dataLength = 0;
        long ds64DataSize = -1;
        long position = 12;

        // Walk the chunk list over the bytes actually present; the RIFF size is unreliable in streamed files.
        while (position + 8 <= bytes.Length)
        {
            var pos = (int)position;
            var id = bytes.Slice(pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            var body = pos + 8;
            long available = bytes.Length - body;

            if (id.SequenceEqual("data"u8))
            {
                if (isRf64 && size == uint.MaxValue && ds64DataSize >= 0)
                {
                    size = ds64DataSize;
                }

                dataOffset = body;
                dataLength = (int)Math.Min(size, available);
                if (size >= available)
                {
                    // A clamped data chunk runs to the end of the file, so nothing can follow it.
                    break;
                }
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                if (size > available)
                {
                    throw new MediaFormatException(sourceName, $"the 'fmt ' chunk is truncated (file ends early); re-export the file, e.g. {ConvertHint}.");
                }

                format = ParseFormat(bytes.Slice(body, (int)size), sourceName);
            }
            else if (isRf64 && id.SequenceEqual("ds64"u8) && size >= 16 && available >= 16)
            {
                // ds64 body: RIFF size (8 bytes), then data size (8 bytes).
                ds64DataSize = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(body + 8, 8)), long.MaxValue);
            }

            // Chunks are word aligned: an odd-sized chunk is followed by one pad byte.
            position = body + size + (size & 1);
        }

        if (format is null)
        {
            throw new MediaFormatException(sourceName, $"WAV file has no 'fmt ' chunk, so its sample format is unknown; re-export it, e.g. {ConvertHint}.");
        }

        if (dataOffset < 0)
        {
            throw new MediaFormatException(sourceName, $"WAV file has no 'data' chunk (truncated or damaged); re-export it, e.g. {ConvertHint}.");
        }

        var fmt = format.Value;

        // A trailing partial frame comes from a cut-off stream; drop it rather than invent samples.
        var frames = dataLength / fmt.BlockAlign;
        var samples = new float[checked(frames * fmt.Channels)];
        DecodeSamples(bytes.Slice(dataOffset, frames * fmt.BlockAlign), fmt.Encoding, samples);
        return new AudioClip(fmt.SampleRate, fmt.Channels, samples);
    }

    /// <summary>Writes a clip as a WAV file, atomically (temp file in the same folder, then rename).</summary>
    /// <param name="path">Destination; its folder is created when missing.</param>
    /// <param name="clip">Samples to write.</param>
    /// <param name="format">Sample encoding.</param>
    public static void Write(string path, AudioClip clip, WavSampleFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(clip);
        AtomicFile.Write(path, stream => Write(stream, clip, format));
    }

    /// <summary>
    /// Writes a clip as WAV to a stream. <see cref="WavSampleFormat.Pcm16"/> clamps to [-1, 1], scales by 32767 and
    /// rounds to nearest (NaN becomes 0); <see cref="WavSampleFormat.Float32"/> stores the samples unchanged.
    /// More than two channels are written as WAVE_FORMAT_EXTENSIBLE, as the WAV specification asks.
    /// </summary>
    /// <param name="stream">Destination stream; left open.</param>
    /// <param name="clip">Samples to write.</param>
    /// <param name="format">Sample encoding.</param>
    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(clip);
        if (format is not (WavSampleFormat.Pcm16 or WavSampleFormat.Float32))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown WAV sample format.");
        }

        if (clip.Channels > ushort.MaxValue)
        {
            throw new ArgumentException($"WAV stores at most {ushort.MaxValue} channels, the clip has {clip.Channels}.", nameof(clip));
        }

        var isFloat = format == WavSampleFormat.Float32;
        var bytesPerSample = isFloat ? 4 : 2;
        var extensible = clip.Channels > 2;
        var fmtSize = extensible ? 40 : isFloat ? 18 : 16;
        var factSize = isFloat ? 12 : 0;
        var dataBytes = (long)clip.Samples.Length * bytesPerSample;
        var headerBytes = 12 + 8 + fmtSize + factSize + 8;
        if (dataBytes + headerBytes - 8 > uint.MaxValue)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The clip needs {dataBytes} data bytes, more than a WAV file can hold (4 GiB); split it."),
                nameof(clip));
        }

        var header = new byte[headerBytes];
        var h = header.AsSpan();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(dataBytes + headerBytes - 8));
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)fmtSize);
        var code = isFloat ? FormatIeeeFloat : FormatPcm;
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], extensible ? FormatExtensible : code);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)clip.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)((long)clip.SampleRate * clip.Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(clip.Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], (ushort)(bytesPerSample * 8));
        var next = 36;
        if (fmtSize > 16)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[36..], (ushort)(fmtSize - 18));
            if (extensible)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(h[38..], (ushort)(bytesPerSample * 8));

                // Channel mask 0: no speaker positions are claimed for generic multi-channel data.
                BinaryPrimitives.WriteUInt32LittleEndian(h[40..], 0);
                BinaryPrimitives.WriteUInt16LittleEndian(h[44..], code);
                SubFormatGuidTail.CopyTo(h[48..]);
            }

            next = 20 + fmtSize;
        }

        if (isFloat)
        {
            // Non-PCM formats carry a fact chunk with the frame count.
            "fact"u8.CopyTo(h[next..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(next + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(next + 8)..], (uint)clip.FrameCount);
            next += 12;
        }

        "data"u8.CopyTo(h[next..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(next + 4)..], (uint)dataBytes);
        stream.Write(header);

        var buffer = new byte[1 << 16];
        var samples = clip.Samples;
        var perChunk = buffer.Length / bytesPerSample;
        for (var start = 0; start < samples.Length; start += perChunk)
        {
            var count = Math.Min(perChunk, samples.Length - start);
            var span = buffer.AsSpan(0, count * bytesPerSample);
            for (var i = 0; i < count; i++)
            {
                if (isFloat)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], samples[start + i]);
                }
                else
                {
                    BinaryPrimitives.WriteInt16LittleEndian(span[(i * 2)..], ToPcm16(samples[start + i]));
                }
            }

            stream.Write(span);
        }
    }

    private static short ToPcm16(float sample)
    {
        if (float.IsNaN(sample))
        {
            return 0;
        }

        return (short)MathF.Round(Math.Clamp(sample, -1f, 1f) * 32767f, MidpointRounding.AwayFromZero);
    }

    private static WavFormat ParseFormat(ReadOnlySpan<byte> fmt, string sourceName)
    {
        if (fmt.Length < 16)
        {
            throw new MediaFormatException(sourceName, $"the 'fmt ' chunk is {fmt.Length} bytes, too short to describe the samples (need 16); re-export the file, e.g. {ConvertHint}.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        var code = tag;
        if (tag == FormatExtensible)
        {
            if (fmt.Length < 40)
            {
                throw new MediaFormatException(sourceName, $"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is {fmt.Length} bytes, expected 40; re-export the file, e.g. {ConvertHint}.");
            }

            var guid = fmt.Slice(24, 16);
            if (guid[2] != 0 || guid[3] != 0 || !guid[4..].SequenceEqual(SubFormatGuidTail))
            {
                throw new MediaFormatException(sourceName, $"WAVE_FORMAT_EXTENSIBLE with sub-format {new Guid(guid)} is not supported (only PCM and IEEE float); {ConvertHint}.");
            }

            code = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        var encoding = (code, bits) switch
        {
            (FormatPcm, 8) => WavEncoding.UnsignedInt8,
            (FormatPcm, 16) => WavEncoding.SignedInt16,
            (FormatPcm, 24) => WavEncoding.SignedInt24,
            (FormatPcm, 32) => WavEncoding.SignedInt32,
            (FormatIeeeFloat, 32) => WavEncoding.Float32,
            (FormatIeeeFloat, 64) => WavEncoding.Float64,
            (FormatPcm, _) => throw new MediaFormatException(sourceName, $"PCM WAV with {bits} bits per sample is not supported (8, 16, 24 or 32 are); {ConvertHint}."),
            (FormatIeeeFloat, _) => throw new MediaFormatException(sourceName, $"float WAV with {bits} bits per sample is not supported (32 or 64 are); {ConvertHint}."),
            _ => throw new MediaFormatException(sourceName, $"{DescribeFormatCode(code)} WAV is not supported; {ConvertHint}."),
        };

        if (channels == 0)
        {
            throw new MediaFormatException(sourceName, $"WAV header declares 0 channels; the file is damaged, re-export it, e.g. {ConvertHint}.");
        }

        if (sampleRate == 0 || sampleRate > int.MaxValue)
        {
            throw new MediaFormatException(sourceName, string.Create(CultureInfo.InvariantCulture, $"WAV header declares an invalid sample rate of {sampleRate} Hz; the file is damaged, re-export it, e.g. {ConvertHint}."));
        }

        var bytesPerSample = bits / 8;
        if (blockAlign != channels * bytesPerSample)
        {
            throw new MediaFormatException(
                sourceName,
                string.Create(CultureInfo.InvariantCulture, $"WAV block size {blockAlign} does not match {channels} channel(s) of {bits}-bit samples (padded sample containers are not supported); {ConvertHint}."));
        }

        return new WavFormat(encoding, channels, (int)sampleRate, bytesPerSample);
    }

    private static string DescribeFormatCode(ushort code) => code switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0050 => "MPEG audio",
        0x0055 => "MP3",
        _ => string.Create(CultureInfo.InvariantCulture, $"format code 0x{code:X4}"),
    };

    private static void DecodeSamples(ReadOnlySpan<byte> data, WavEncoding encoding, Span<float> samples)
    {
        switch (encoding)
        {
            case WavEncoding.UnsignedInt8:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = (data[i] - 128) / 128f;
                }

                break;
            case WavEncoding.SignedInt16:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]) / 32768f;
                }

                break;
            case WavEncoding.SignedInt24:
                for (var i = 0; i < samples.Length; i++)
                {
                    var o = i * 3;

                    // Assemble in the top three bytes so the arithmetic shift sign-extends.
                    var v = ((data[o + 2] << 24) | (data[o + 1] << 16) | (data[o] << 8)) >> 8;
                    samples[i] = v / 8388608f;
                }

                break;
            case WavEncoding.SignedInt32:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]) / 2147483648.0);
                }

                break;
            case WavEncoding.Float32:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                }

                break;
            case WavEncoding.Float64:
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown WAV encoding.");
        }
    }
}
