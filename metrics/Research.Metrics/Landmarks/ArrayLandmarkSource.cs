using System.Globalization;
using System.Numerics;

namespace Research.Metrics.Landmarks;

/// <summary>
/// Landmarks held in memory, e.g. the synthetic head's exact ground truth (<c>RenderedFrame.Landmarks</c>, interleaved
/// x, y × 68 in pixels, through <see cref="FromInterleaved"/>) or a detector's output.
/// </summary>
public sealed class ArrayLandmarkSource : ILandmarkSource
{
    private readonly IReadOnlyList<IReadOnlyList<Vector2>> frames;
    private readonly IReadOnlyList<string>? names;

    /// <summary>Wraps one point list per frame (not copied).</summary>
    /// <param name="frames">Points per frame.</param>
    /// <param name="description">Used in error messages.</param>
    /// <param name="names">Frame names, one per frame; the 0-based index when null.</param>
    public ArrayLandmarkSource(IReadOnlyList<IReadOnlyList<Vector2>> frames, string description = "in-memory landmarks", IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(description);
        if (names is not null && names.Count != frames.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{names.Count} frame names for {frames.Count} frames."), nameof(names));
        }

        this.frames = frames;
        this.names = names;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public int FrameCount => frames.Count;

    /// <summary>Frames given as interleaved coordinates (x0, y0, x1, y1, …), the layout of <c>RenderedFrame.Landmarks</c>.</summary>
    /// <exception cref="ArgumentException">A frame has an odd number of values.</exception>
    public static ArrayLandmarkSource FromInterleaved(IReadOnlyList<double[]> frames, string description = "in-memory landmarks", IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var points = new List<IReadOnlyList<Vector2>>(frames.Count);
        for (var f = 0; f < frames.Count; f++)
        {
            var xy = frames[f];
            ArgumentNullException.ThrowIfNull(xy);
            if (xy.Length % 2 != 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {f} has {xy.Length} values; interleaved landmarks need x, y pairs."), nameof(frames));
            }

            var p = new Vector2[xy.Length / 2];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = new Vector2((float)xy[2 * i], (float)xy[(2 * i) + 1]);
            }

            points.Add(p);
        }

        return new ArrayLandmarkSource(points, description, names);
    }

    /// <inheritdoc />
    public string FrameName(int index) => names?[index] ?? index.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public IReadOnlyList<Vector2> Read(int index) => frames[index];
}
