using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Generates the performance of a synthetic talking head: a random phoneme script, its synthesised speech, and per
/// video frame the mouth (visemes with coarticulation), blinks, brows, smiles and head pose.
/// </summary>
/// <remarks>
/// <para>
/// Timing: video frame i covers [i / fps, (i + 1) / fps) and everything is sampled at its start, t = i / fps. That
/// is the frame's presentation time in ffmpeg, and the centre of the audio feature window of frame i in
/// <see cref="AudioFeatures.AudioFeatureWindows"/> (the ER-NeRF/DeepSpeech layout), so sound and mouth line up with
/// zero offset. The audio is exactly FrameCount / fps seconds long.
/// </para>
/// <para>
/// Each random process takes its own stream of <see cref="PerformanceOptions.MotionSeed"/>, so, for example, the
/// blinks of a clip do not change if the script generator changes. Output depends only on the options.
/// </para>
/// </remarks>
public static class PerformanceGenerator
{
    private const ulong ScriptStream = 1, AudioStream = 2, BlinkStream = 3, BrowStream = 4, SmileStream = 5, HeadStream = 6;

    /// <summary>The time, in seconds, at which frame <paramref name="frame"/> is sampled: its start, frame / fps.</summary>
    public static double FrameTime(int frame, double fps) => frame / fps;

    /// <summary>Generates the performance described by the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="PerformanceOptions.Validate"/>).</exception>
    public static Performance Generate(PerformanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var frames = options.FrameCount;
        var seconds = options.ClipSeconds;
        var seed = options.MotionSeed;

        var script = SpeechScriptGenerator.Generate(seconds, new SeededRandom(seed, ScriptStream));
        var audio = SpeechSynthesizer.Synthesize(script, seconds, options.ResolveVoice(), new SeededRandom(seed, AudioStream));

        var times = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            times[i] = FrameTime(i, options.Fps);
        }

        var weights = Coarticulation.Sample(script, times);
        var blinks = new BlinkTrack(seconds, new SeededRandom(seed, BlinkStream));
        var brows = new BrowTrack(seconds, script, new SeededRandom(seed, BrowStream));
        var smiles = new SmileTrack(seconds, new SeededRandom(seed, SmileStream));
        var head = new HeadMotion(script, new SeededRandom(seed, HeadStream));
        var poses = new HeadPose[frames];
        var openness = new float[frames];
        var count = Performance.ExpressionCount;
        var segment = 0;
        for (var i = 0; i < frames; i++)
        {
            var t = times[i];
            var row = weights.AsSpan(i * count, count);
            var smile = smiles.Strength(t);

            // Probabilistic OR keeps the corner pull in [0, 1] and lets a smile show through any viseme.
            row[(int)Expression.LipCornerPull] = (float)(1 - ((1 - row[(int)Expression.LipCornerPull]) * (1 - smile)));
            row[(int)Expression.CheekRaise] = (float)(0.8 * smile);
            row[(int)Expression.LidTighten] = (float)(0.4 * smile);
            row[(int)Expression.Blink] = (float)blinks.Weight(t);
            var (inner, outer, lower) = brows.Weights(t);
            row[(int)Expression.InnerBrowRaise] = (float)inner;
            row[(int)Expression.OuterBrowRaise] = (float)outer;
            row[(int)Expression.BrowLower] = (float)lower;
            for (var e = 0; e < count; e++)
            {
                row[e] = Math.Clamp(row[e], 0f, 1f);
            }

            poses[i] = head.Pose(t);
            while (segment + 1 < script.Count && script[segment + 1].Start <= t)
            {
                segment++;
            }

            openness[i] = t < script[segment].End ? (float)script[segment].Openness : 0f;
        }

        return new Performance(options.Fps, audio, script, weights, poses, openness);
    }
}
