using Research.Media.Audio;
using Research.Media.Imaging;

namespace Research.Datasets.Generated;

/// <summary>
/// Generates a deterministic synthetic talking clip whose lip motion is predictable from its audio: a seeded
/// script of vowel syllables and pauses drives both an additive vowel synthesiser and the drawn mouth.
/// Blinks, head bob and appearance come from separate random streams of the same seed.
/// </summary>
/// <remarks>
/// Randomness is SplitMix64, so output does not depend on the .NET version's <see cref="Random"/>. Equal options
/// give byte-identical frames and samples on a given platform (transcendental functions come from the runtime's
/// math library, so other CPUs/OSes could in principle differ in rare rounding cases).
/// </remarks>
public static class GeneratedClipGenerator
{
    private const ulong ScriptStream = 1, VoiceStream = 2, NoiseStream = 3, BlinkStream = 4, BobStream = 5, LookStream = 6;

    /// <summary>Generates the clip described by the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="GeneratedClipOptions.Validate"/>).</exception>
    public static GeneratedClip Generate(GeneratedClipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var script = SpeechScript.Create(options.Seconds, new SplitMix64(options.Seed, ScriptStream));
        var samples = SpeechSynthesizer.Synthesize(
            script,
            options.SampleCount,
            options.SampleRate,
            new SplitMix64(options.Seed, VoiceStream),
            new SplitMix64(options.Seed, NoiseStream));

        var frameCount = options.FrameCount;
        var times = new double[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            times[i] = (double)i / options.Fps;
        }

        var openness = script.SmoothedOpenness(times);

        // About a pixel of sway at 64×64; scales with the image so the look is resolution independent.
        var bob = 0.018 * Math.Min(options.Width, options.Height);
        var motion = new FaceMotion(options.Seconds, bob, new SplitMix64(options.Seed, BlinkStream), new SplitMix64(options.Seed, BobStream));
        var renderer = new FaceRenderer(options.Width, options.Height, new SplitMix64(options.Seed, LookStream));
        var frames = new ByteImage[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            frames[i] = renderer.Render(motion.Pose(times[i], openness[i]));
        }

        return new GeneratedClip(frames, new AudioClip(options.SampleRate, 1, samples), openness, options.Fps);
    }
}
