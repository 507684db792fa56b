using System.Globalization;
using Research.Datasets.Masks;
using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>
/// ER-NeRF's <c>extract_background</c> (<c>data_utils/process.py</c>, identical in TalkingGaussian):
/// <list type="number">
/// <item>take every 20th entry of the image list (<c>image_paths[::20]</c>);</item>
/// <item>per sampled frame, the distance of every pixel to the nearest non-white parsing pixel (upstream: a KD-tree;
/// here an exact distance transform, which gives the same distances);</item>
/// <item>per pixel, the largest distance over the samples and the first sample attaining it;</item>
/// <item>pixels whose largest distance exceeds 5 take their colour from that sample;</item>
/// <item>upstream quirk, reproduced: the indexing <c>bc_img[bc_pixs_id, :]</c> with a tuple also writes pixel (0, 0), last
/// with the colour of pixel (0, 0) in the sample that is farthest for the last known pixel in raster order;</item>
/// <item>every other pixel copies the colour of its nearest known pixel (ties: see <see cref="NearestKnownPixels"/>).</item>
/// </list>
/// Only the parsing maps of the samples and then the frames that supply colours are loaded, each once.
/// </summary>
public static class BackgroundPlateBuilder
{
    /// <summary>Every how many entries of the image list a frame is sampled.</summary>
    public const int SampleStride = 20;

    /// <summary>A pixel is known when its largest distance is greater than 5 px, i.e. its squared distance &gt; 25.</summary>
    public const int KnownSquaredDistance = 25;

    /// <summary>
    /// The sampled entries: positions 0, 20, 40, … of <paramref name="imageOrder"/>. Upstream's list comes from an unsorted
    /// <c>glob</c>, i.e. file-system order; pass the order you need to match (numeric or <see cref="LexicographicOrder"/>).
    /// </summary>
    public static IReadOnlyList<int> SampleFrames(IReadOnlyList<int> imageOrder)
    {
        ArgumentNullException.ThrowIfNull(imageOrder);
        var samples = new List<int>();
        for (var i = 0; i < imageOrder.Count; i += SampleStride)
        {
            samples.Add(imageOrder[i]);
        }

        return samples;
    }

    /// <summary>Frame indices 0…count−1 sorted by their file names (<c>"0", "1", "10", "100", …</c>), as <c>sorted(glob(...))</c> lists them.</summary>
    public static IReadOnlyList<int> LexicographicOrder(int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        return [.. Enumerable.Range(0, frameCount).OrderBy(i => i.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal)];
    }

    /// <summary>Builds the plate from frames 0…<paramref name="frameCount"/>−1 listed in numeric order.</summary>
    public static BackgroundPlate Build(int frameCount, Func<int, ByteImage> loadFrame, Func<int, ByteImage> loadParsing)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        return Build([.. Enumerable.Range(0, frameCount)], loadFrame, loadParsing);
    }

    /// <summary>
    /// Builds the plate from the frames listed in <paramref name="imageOrder"/> (the order decides which frames are
    /// sampled and which sample wins ties). <paramref name="loadFrame"/> and <paramref name="loadParsing"/> return the
    /// frame and its parsing map by frame index; frames are converted to RGB like <c>cv2.imread</c>.
    /// </summary>
    public static BackgroundPlate Build(IReadOnlyList<int> imageOrder, Func<int, ByteImage> loadFrame, Func<int, ByteImage> loadParsing)
    {
        ArgumentNullException.ThrowIfNull(loadFrame);
        ArgumentNullException.ThrowIfNull(loadParsing);
        var samples = SampleFrames(imageOrder);
        if (samples.Count == 0)
        {
            throw new ArgumentException("The image list is empty.", nameof(imageOrder));
        }

        var (width, height, maxDistances, farthest) = FarthestDistances(samples, loadParsing);
        var count = width * height;
        var known = new bool[count];
        for (var i = 0; i < count; i++)
        {
            known[i] = maxDistances[i] > KnownSquaredDistance;
        }

        var lastKnown = Array.LastIndexOf(known, true);
        if (lastKnown < 0)
        {
            throw new InvalidDataException($"No pixel is farther than 5 px from the person in any of the {samples.Count} sampled frames, so there is no background to copy (upstream fails here too).");
        }

        var plate = new byte[count * 3];
        CopyKnownColours(samples, loadFrame, width, height, known, farthest, farthest[lastKnown], plate);

        var nearest = NearestKnownPixels.Find(known, width, height);
        for (var i = 0; i < count; i++)
        {
            if (!known[i])
            {
                plate.AsSpan(nearest[i] * 3, 3).CopyTo(plate.AsSpan(i * 3, 3));
            }
        }

        var farthestFrames = Array.ConvertAll(farthest, s => samples[s]);
        return new BackgroundPlate(new ByteImage(width, height, 3, plate), samples, maxDistances, farthestFrames, PixelMask.FromBooleans(width, height, known));
    }

    // Running max of the squared distance to the person, and the first sample (position in `samples`) attaining it.
    private static (int Width, int Height, int[] Max, int[] Farthest) FarthestDistances(IReadOnlyList<int> samples, Func<int, ByteImage> loadParsing)
    {
        int[]? max = null;
        int[]? farthest = null;
        int width = 0, height = 0;
        for (var s = 0; s < samples.Count; s++)
        {
            var frame = samples[s];
            var parsing = loadParsing(frame) ?? throw new InvalidDataException($"No parsing map was returned for frame {frame}.");
            if (max is null)
            {
                (width, height) = (parsing.Width, parsing.Height);
                max = new int[width * height];
                farthest = new int[width * height];
            }
            else if (parsing.Width != width || parsing.Height != height)
            {
                throw new InvalidDataException($"The parsing map of frame {frame} is {parsing.Width}x{parsing.Height}, expected {width}x{height} like frame {samples[0]}.");
            }

            var person = NonWhite(parsing);
            if (Array.IndexOf(person, true) < 0)
            {
                throw new InvalidDataException($"The parsing map of frame {frame} has no person (every pixel is white); upstream's KD-tree cannot be built on it either.");
            }

            var distances = EuclideanDistanceTransform.SquaredDistances(person, width, height);
            for (var i = 0; i < distances.Length; i++)
            {
                // Strictly greater: numpy's argmax keeps the first sample attaining the maximum.
                if (s == 0 || distances[i] > max[i])
                {
                    max[i] = distances[i];
                    farthest![i] = s;
                }
            }
        }

        return (width, height, max!, farthest!);
    }

    private static void CopyKnownColours(IReadOnlyList<int> samples, Func<int, ByteImage> loadFrame, int width, int height, bool[] known, int[] farthest, int cornerSample, byte[] plate)
    {
        var needed = new bool[samples.Count];
        for (var i = 0; i < known.Length; i++)
        {
            if (known[i])
            {
                needed[farthest[i]] = true;
            }
        }

        var corner = new byte[3];
        for (var s = 0; s < samples.Count; s++)
        {
            if (!needed[s])
            {
                continue;
            }

            var frame = samples[s];
            var image = loadFrame(frame) ?? throw new InvalidDataException($"No image was returned for frame {frame}.");
            if (image.Width != width || image.Height != height)
            {
                throw new InvalidDataException($"Frame {frame} is {image.Width}x{image.Height} but its parsing maps are {width}x{height}.");
            }

            var rgb = image.ToRgb().Pixels;
            for (var i = 0; i < known.Length; i++)
            {
                if (known[i] && farthest[i] == s)
                {
                    rgb.AsSpan(i * 3, 3).CopyTo(plate.AsSpan(i * 3, 3));
                }
            }

            if (s == cornerSample)
            {
                rgb.AsSpan(0, 3).CopyTo(corner);
            }
        }

        // The quirk: bc_img[(pixel_ids, zeros), :] = ... also assigns row 0 of the flattened plate, last write winning.
        corner.CopyTo(plate.AsSpan(0, 3));
    }

    private static bool[] NonWhite(ByteImage parsing)
    {
        var rgb = parsing.ToRgb().Pixels;
        var person = new bool[parsing.Width * parsing.Height];
        for (var i = 0; i < person.Length; i++)
        {
            person[i] = !(rgb[3 * i] == 255 && rgb[(3 * i) + 1] == 255 && rgb[(3 * i) + 2] == 255);
        }

        return person;
    }
}
