using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Research.Media.Audio;
using Research.Media.Wav;
using Research.Testing;

namespace Research.Media.Tests.Wav;

[TestFixture]
public sealed class WavFileTests
{
    [TestCase(1)]
    [TestCase(2)]
    public void Pcm16_round_trip_of_a_half_scale_signal_is_within_one_step(int channels)
    {
        var clip = Signal(16000, channels, 400, amplitude: 0.5f);
        var back = RoundTrip(clip, WavSampleFormat.Pcm16);

        Assert.That(back.SampleRate, Is.EqualTo(16000));
        Assert.That(back.Channels, Is.EqualTo(channels));
        Assert.That(back.Samples, Is.EqualTo(clip.Samples).Within(1f / 32767));
    }

    [Test]
    public void Pcm16_round_trip_at_full_scale_stays_within_the_asymmetric_scaling_bound()
    {
        // Write scales by 32767, read divides by 32768: the error is at most half a step plus |x|/32768.
        float[] samples = [-1f, -0.99999f, -0.5f, 0f, 1e-6f, 0.25f, 0.99999f, 1f];
        var back = RoundTrip(new AudioClip(8000, 1, samples), WavSampleFormat.Pcm16);

        Assert.That(back.Samples, Is.EqualTo(samples).Within(1.5f / 32768));
    }

    [Test]
    public void Pcm16_write_clamps_rounds_and_maps_nan_to_zero()
    {
        float[] samples = [2f, -3f, float.NaN, 0.5f, -0.5f, 1f / 32767 * 0.49f];
        var bytes = Encode(new AudioClip(8000, 1, samples), WavSampleFormat.Pcm16);
        var data = bytes.AsSpan(44);

        short[] expected = [32767, -32767, 0, 16384, -16384, 0];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]), Is.EqualTo(expected[i]), $"sample {i}");
        }
    }

    [Test]
    public void Pcm16_header_is_the_canonical_44_byte_layout()
    {
        var bytes = Encode(new AudioClip(16000, 2, new float[20]), WavSampleFormat.Pcm16);

        Assert.That(bytes, Has.Length.EqualTo(44 + 40));
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("RIFF"));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)), Is.EqualTo(36u + 40));
        Assert.That(Encoding.ASCII.GetString(bytes, 8, 8), Is.EqualTo("WAVEfmt "));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)), Is.EqualTo(16u));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)), Is.EqualTo(1), "format code PCM");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)), Is.EqualTo(2), "channels");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)), Is.EqualTo(16000u));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)), Is.EqualTo(64000u), "byte rate");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(32)), Is.EqualTo(4), "block align");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34)), Is.EqualTo(16), "bits");
        Assert.That(Encoding.ASCII.GetString(bytes, 36, 4), Is.EqualTo("data"));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)), Is.EqualTo(40u));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Float32_round_trip_is_exact(int channels)
    {
        var clip = Signal(22050, channels, 301, amplitude: 1.3f);
        var back = RoundTrip(clip, WavSampleFormat.Float32);

        Assert.That(back.SampleRate, Is.EqualTo(22050));
        Assert.That(back.Channels, Is.EqualTo(channels));
        Assert.That(back.Samples, Is.EqualTo(clip.Samples));
    }

    [Test]
    public void More_than_two_channels_are_written_as_wave_format_extensible()
    {
        var bytes = Encode(new AudioClip(8000, 6, new float[12]), WavSampleFormat.Pcm16);

        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)), Is.EqualTo(0xFFFE));
        Assert.That(WavFile.Decode(bytes, "six.wav").Channels, Is.EqualTo(6));
    }

    [Test]
    public void Empty_clip_round_trips()
    {
        var back = RoundTrip(new AudioClip(16000, 1, []), WavSampleFormat.Pcm16);

        Assert.That(back.Samples, Is.Empty);
        Assert.That(back.SampleRate, Is.EqualTo(16000));
    }

    [Test]
    public void Write_to_a_path_is_atomic_and_creates_the_folder()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("sub", "a.wav");
        var clip = Signal(16000, 1, 100, 0.5f);

        WavFile.Write(path, clip, WavSampleFormat.Float32);
        WavFile.Write(path, clip, WavSampleFormat.Float32);

        Assert.That(WavFile.Read(path).Samples, Is.EqualTo(clip.Samples));
        Assert.That(Directory.GetFiles(temp.Combine("sub")), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public void Decodes_8_bit_unsigned_24_bit_32_bit_and_float64_pcm()
    {
        var u8 = Build(1, 8000, 1, 8, [0x00, 0x80, 0xFF]);
        Assert.That(WavFile.Decode(u8, "u8").Samples, Is.EqualTo(new[] { -1f, 0f, 127f / 128 }));

        var s24 = Build(1, 8000, 1, 24, [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF]);
        Assert.That(WavFile.Decode(s24, "s24").Samples, Is.EqualTo(new[] { -1f, 8388607f / 8388608, 1f / 8388608, -1f / 8388608 }));

        var s32 = Build(1, 8000, 1, 32, [.. Int32Bytes(int.MinValue), .. Int32Bytes(1 << 30)]);
        Assert.That(WavFile.Decode(s32, "s32").Samples, Is.EqualTo(new[] { -1f, 0.5f }));

        var f64 = Build(3, 8000, 2, 64, [.. BitConverter.GetBytes(0.25), .. BitConverter.GetBytes(-0.75)]);
        var clip = WavFile.Decode(f64, "f64");
        Assert.That(clip.Channels, Is.EqualTo(2));
        Assert.That(clip.Samples, Is.EqualTo(new[] { 0.25f, -0.75f }));
    }

    [Test]
    public void Skips_unknown_chunks_including_odd_sized_ones_with_their_pad_byte()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Ascii("RIFF"));
        bytes.AddRange(UInt32Bytes(0));
        bytes.AddRange(Ascii("WAVE"));
        bytes.AddRange(Chunk("junk", [1, 2, 3])); // odd size: followed by a pad byte
        bytes.AddRange(FmtChunk(1, 1, 8000, 16));
        bytes.AddRange(Chunk("LIST", Ascii("INFOISFT\u0005\0\0\0abcd\0")));
        bytes.AddRange(Chunk("data", [0x00, 0x40, 0x00, 0xC0]));
        bytes.AddRange(Chunk("id3 ", [9, 9, 9, 9, 9])); // trailing chunk after data

        var clip = WavFile.Decode(bytes.ToArray(), "chunks.wav");

        Assert.That(clip.Samples, Is.EqualTo(new[] { 0.5f, -0.5f }));
    }

    [TestCase(0xFFFFFFFFu)]
    [TestCase(1000u)]
    public void A_data_size_beyond_the_file_is_clamped_to_the_bytes_present(uint declared)
    {
        // A cut-off stream: the last sample is missing its second byte.
        byte[] bytes = [.. Build(1, 8000, 1, 16, [0x00, 0x40, 0x00, 0xC0]), 0x01];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), declared);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), declared);

        // The odd trailing byte is half a sample: dropped, not invented.
        Assert.That(WavFile.Decode(bytes, "streamed.wav").Samples, Is.EqualTo(new[] { 0.5f, -0.5f }));
    }

    [Test]
    public void Extensible_with_pcm_sub_format_is_decoded()
    {
        var bytes = Encode(new AudioClip(8000, 4, [0.5f, -0.5f, 0.25f, 0f]), WavSampleFormat.Float32);

        var clip = WavFile.Decode(bytes, "ext.wav");

        Assert.That(clip.Channels, Is.EqualTo(4));
        Assert.That(clip.Samples, Is.EqualTo(new[] { 0.5f, -0.5f, 0.25f, 0f }));
    }

    [Test]
    public void Garbage_is_rejected_as_not_a_wav_file()
    {
        Assert.That(
            () => WavFile.Decode("this is not audio at all"u8, "notes.txt"),
            Throws.TypeOf<MediaFormatException>().With.Message.Contains("notes.txt").And.Message.Contains("not a WAV file").And.Message.Contains("ffmpeg"));
        Assert.That(() => WavFile.Decode([], "empty.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("not a WAV file"));
        Assert.That(() => WavFile.Decode("RIFF\0\0\0\0AVI LIST"u8, "movie.avi"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("not a WAV file"));
    }

    [Test]
    public void Missing_fmt_or_data_chunks_are_reported()
    {
        byte[] noFmt = [.. Ascii("RIFF"), .. UInt32Bytes(12), .. Ascii("WAVE"), .. Chunk("data", [0, 0])];
        byte[] noData = [.. Ascii("RIFF"), .. UInt32Bytes(28), .. Ascii("WAVE"), .. FmtChunk(1, 1, 8000, 16)];

        Assert.That(() => WavFile.Decode(noFmt, "a.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("no 'fmt ' chunk"));
        Assert.That(() => WavFile.Decode(noData, "a.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("no 'data' chunk"));
    }

    [TestCase(6, 8, "A-law WAV is not supported; convert with ffmpeg")]
    [TestCase(7, 8, "mu-law WAV is not supported")]
    [TestCase(0x11, 4, "IMA ADPCM WAV is not supported")]
    [TestCase(0x1234, 16, "format code 0x1234 WAV is not supported")]
    [TestCase(1, 12, "PCM WAV with 12 bits per sample is not supported")]
    [TestCase(3, 16, "float WAV with 16 bits per sample is not supported")]
    public void Unsupported_encodings_name_the_problem_and_the_fix(int formatCode, int bits, string expected)
    {
        var bytes = Build((ushort)formatCode, 8000, 1, (ushort)bits, new byte[8]);

        Assert.That(
            () => WavFile.Decode(bytes, "odd.wav"),
            Throws.TypeOf<MediaFormatException>().With.Message.Contains(expected).And.Message.Contains("pcm_s16le"));
    }

    [Test]
    public void Extensible_with_an_unknown_sub_format_is_rejected()
    {
        var bytes = Encode(new AudioClip(8000, 3, new float[3]), WavSampleFormat.Pcm16);
        bytes[20 + 24 + 4] ^= 0xFF; // corrupt the GUID tail

        Assert.That(() => WavFile.Decode(bytes, "ext.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("sub-format"));
    }

    [Test]
    public void Zero_channels_and_big_endian_rifx_are_rejected()
    {
        var zeroChannels = Build(1, 8000, 0, 16, new byte[4]);
        var rifx = Build(1, 8000, 1, 16, new byte[4]);
        Ascii("RIFX").CopyTo(rifx, 0);

        Assert.That(() => WavFile.Decode(zeroChannels, "z.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("0 channels"));
        Assert.That(() => WavFile.Decode(rifx, "x.wav"), Throws.TypeOf<MediaFormatException>().With.Message.Contains("RIFX"));
    }

    [Test]
    public void Read_reports_the_path_in_errors()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("bad.wav");
        File.WriteAllText(path, "garbage");

        Assert.That(() => WavFile.Read(path), Throws.TypeOf<MediaFormatException>().With.Property(nameof(MediaFormatException.FilePath)).EqualTo(path));
    }

    internal static AudioClip Signal(int sampleRate, int channels, int frames, float amplitude)
    {
        var samples = new float[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = amplitude * MathF.Sin((i * (0.05f + (0.03f * c))) + c);
            }
        }

        return new AudioClip(sampleRate, channels, samples);
    }

    private static AudioClip RoundTrip(AudioClip clip, WavSampleFormat format) => WavFile.Decode(Encode(clip, format), "memory.wav");

    private static byte[] Encode(AudioClip clip, WavSampleFormat format)
    {
        using var stream = new MemoryStream();
        WavFile.Write(stream, clip, format);
        return stream.ToArray();
    }

    /// <summary>A minimal RIFF/WAVE file with a 16-byte fmt chunk.</summary>
    private static byte[] Build(ushort formatCode, int sampleRate, ushort channels, ushort bits, byte[] data)
    {
        var fmt = FmtChunk(formatCode, channels, sampleRate, bits);
        var dataChunk = Chunk("data", data);
        return [.. Ascii("RIFF"), .. UInt32Bytes((uint)(4 + fmt.Length + dataChunk.Length)), .. Ascii("WAVE"), .. fmt, .. dataChunk];
    }

    private static byte[] FmtChunk(ushort formatCode, ushort channels, int sampleRate, ushort bits)
    {
        var body = new byte[16];
        var blockAlign = (ushort)(channels * (bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(body, formatCode);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8), sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bits);
        return Chunk("fmt ", body);
    }

    private static byte[] Chunk(string id, byte[] body)
    {
        byte[] pad = body.Length % 2 == 1 ? [0] : [];
        return [.. Ascii(id), .. UInt32Bytes((uint)body.Length), .. body, .. pad];
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] UInt32Bytes(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int32Bytes(int value) => UInt32Bytes(unchecked((uint)value));
}
