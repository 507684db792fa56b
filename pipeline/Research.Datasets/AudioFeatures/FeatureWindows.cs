namespace Research.Datasets.AudioFeatures;

/// <summary>Per-video-frame feature windows, a dense [Frames, Steps, Columns] float tensor (row-major).</summary>
public sealed class FeatureWindows
{
    /// <summary>Wraps existing data (not copied); <paramref name="data"/> must hold frames × steps × columns values.</summary>
    public FeatureWindows(int frames, int steps, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (data.LongLength != (long)frames * steps * columns)
        {
            throw new ArgumentException($"{data.LongLength} values cannot form [{frames}, {steps}, {columns}].", nameof(data));
        }

        Frames = frames;
        Steps = steps;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of video frames N.</summary>
    public int Frames { get; }

    /// <summary>Feature steps per window (16 by default).</summary>
    public int Steps { get; }

    /// <summary>Feature columns C.</summary>
    public int Columns { get; }

    /// <summary>The shape [N, Steps, C].</summary>
    public IReadOnlyList<int> Shape => [Frames, Steps, Columns];

    /// <summary>Values, row-major over [frame, step, column].</summary>
    public float[] Data { get; }

    /// <summary>One value.</summary>
    public float this[int frame, int step, int column]
    {
        get
        {
            if ((uint)frame >= (uint)Frames || (uint)step >= (uint)Steps || (uint)column >= (uint)Columns)
            {
                throw new ArgumentOutOfRangeException(nameof(frame), $"({frame}, {step}, {column}) is outside [{Frames}, {Steps}, {Columns}].");
            }

            return Data[(((frame * Steps) + step) * Columns) + column];
        }
    }

    /// <summary>The Steps × Columns window of one frame as a span over <see cref="Data"/>.</summary>
    public ReadOnlySpan<float> Window(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)frame, (uint)Frames, nameof(frame));
        return Data.AsSpan(frame * Steps * Columns, Steps * Columns);
    }
}
