using System.Numerics;

namespace Research.Metrics.Landmarks;

/// <summary>
/// A sequence of 68-point 2-D face landmarks (iBUG layout, pixels, x right, y down), one set per frame. Implemented for
/// <c>.lms</c> files (<see cref="LmsLandmarkSource"/>), OpenFace CSVs (<see cref="OpenFaceLandmarkSource"/>) and
/// in-memory arrays such as the synthetic ground truth (<see cref="ArrayLandmarkSource"/>); a face-landmark detector
/// run on rendered frames (FAN, metrics.md §7) can implement it later and plug into <see cref="LmdEvaluator"/> unchanged.
/// </summary>
public interface ILandmarkSource
{
    /// <summary>What the landmarks come from (a folder, a file, "in-memory"), used in error messages.</summary>
    string Description { get; }

    /// <summary>Number of frames.</summary>
    int FrameCount { get; }

    /// <summary>Name of frame <paramref name="index"/> in reports (a file name, an OpenFace frame number, …).</summary>
    string FrameName(int index);

    /// <summary>The landmarks of frame <paramref name="index"/> (0-based): at least 68 points.</summary>
    /// <exception cref="InvalidDataException">The frame's landmarks cannot be read; the message names the source and frame.</exception>
    IReadOnlyList<Vector2> Read(int index);
}
