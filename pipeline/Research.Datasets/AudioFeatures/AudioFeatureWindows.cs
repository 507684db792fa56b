namespace Research.Datasets.AudioFeatures;

/// <summary>
/// Cuts a feature sequence into one fixed-length window per video frame, in the layout ER-NeRF/TalkingGaussian
/// use for DeepSpeech features.
/// </summary>
/// <remarks>
/// Frame i (time i / fps) maps to the nearest feature step s = round(i · stepsPerSecond / fps), rounding halves away
/// from zero, and takes feature rows s − W/2 … s − W/2 + W − 1 (W = windowSteps, W/2 by integer division); rows
/// before 0 or at/after the sequence end are zero. At 25 fps, 50 Hz and W = 16 this is exactly the reference layout:
/// pad 8 zero rows at each end and give frame i the padded rows [2i, 2i + 16), i.e. 16 steps of 20 ms centred on the
/// frame. Feature rows are not re-normalised here.
/// </remarks>
public static class AudioFeatureWindows
{
    /// <summary>Default feature rate: the 50 Hz of DeepSpeech and of <see cref="LogMelOptions"/> defaults.</summary>
    public const double DefaultStepsPerSecond = 50;

    /// <summary>Builds the [videoFrames, windowSteps, C] windows (see the type remarks for the mapping).</summary>
    public static FeatureWindows Build(FeatureMatrix steps, int videoFrames, double fps, int windowSteps = 16, double stepsPerSecond = DefaultStepsPerSecond)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(videoFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSteps);
        if (!double.IsFinite(fps) || fps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "Frame rate must be positive.");
        }

        if (!double.IsFinite(stepsPerSecond) || stepsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepsPerSecond), stepsPerSecond, "Feature rate must be positive.");
        }

        var columns = steps.Columns;
        var windowSize = windowSteps * columns;
        var data = new float[checked(videoFrames * windowSize)];
        for (var i = 0; i < videoFrames; i++)
        {
            var centre = (long)Math.Round(i * stepsPerSecond / fps, MidpointRounding.AwayFromZero);
            var first = centre - (windowSteps / 2);
            for (var r = 0; r < windowSteps; r++)
            {
                var row = first + r;
                if (row >= 0 && row < steps.Rows)
                {
                    steps.Data.AsSpan((int)row * columns, columns).CopyTo(data.AsSpan((i * windowSize) + (r * columns), columns));
                }
            }
        }

        return new FeatureWindows(videoFrames, windowSteps, columns, data);
    }
}
