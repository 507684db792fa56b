using System.Numerics;
using Research.Media.Imaging;

namespace Research.Datasets.Masks;

/// <summary>
/// Reproduces the masks of TalkingGaussian's loader (<c>scene/dataset_readers.py</c> and
/// <c>utils/camera_utils.py:loadCamOnTheFly</c>), which reads the parsing PNG as RGB with PIL:
/// <list type="bullet">
/// <item><c>face_mask = (B &gt; 254)·(R == 0)·(G == 0) ^ teeth</c>; <c>*</c> binds tighter than <c>^</c>, so this is
/// blue XOR teeth: teeth pixels outside the blue region become face.</item>
/// <item><c>hair_mask = (R &lt; 1)·(G &lt; 1)·(B &lt; 1)</c>.</item>
/// <item><c>mouth_mask = (R == 100)·(G == 100)·(B == 100) + teeth</c>; boolean <c>+</c> is OR.</item>
/// </list>
/// Neck, torso and background use <c>data_utils/process.py</c>'s exact colour tests (green, red, white).
/// </summary>
public static class MaskDeriver
{
    /// <summary>
    /// Derives the masks and rectangles of one frame. <paramref name="parsing"/> is the parsing map in RGB order (gray
    /// is replicated and alpha dropped, like PIL's <c>convert("RGB")</c>); <paramref name="teeth"/> is the H×W row-major
    /// EasyPortrait mask or null for none (upstream requires the file; null behaves like an all-false mask).
    /// </summary>
    public static FrameMasks Derive(ByteImage parsing, bool[]? teeth, IReadOnlyList<Vector2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(parsing);
        var (width, height) = (parsing.Width, parsing.Height);
        var count = width * height;
        if (teeth is not null && teeth.Length != count)
        {
            throw new ArgumentException($"The teeth mask holds {teeth.Length} values but the {width}x{height} parsing map needs {count}.", nameof(teeth));
        }

        var rgb = parsing.ToRgb().Pixels;
        var face = new PixelMask(width, height);
        var hair = new PixelMask(width, height);
        var mouth = new PixelMask(width, height);
        var neck = new PixelMask(width, height);
        var torso = new PixelMask(width, height);
        var background = new PixelMask(width, height);
        var teethMask = new PixelMask(width, height);
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]);
            var isTeeth = teeth is not null && teeth[i];
            var blue = b > 254 && r == 0 && g == 0;
            face[i] = blue ^ isTeeth;
            hair[i] = r < 1 && g < 1 && b < 1;
            mouth[i] = (r == 100 && g == 100 && b == 100) || isTeeth;
            neck[i] = r == 0 && g == 255 && b == 0;
            torso[i] = r == 255 && g == 0 && b == 0;
            background[i] = r == 255 && g == 255 && b == 255;
            teethMask[i] = isTeeth;
        }

        return new FrameMasks
        {
            Face = face,
            Hair = hair,
            Mouth = mouth,
            Neck = neck,
            Torso = torso,
            Background = background,
            Teeth = teethMask,
            LipsRect = LandmarkRects.Lips(landmarks),
            LowerHalfRect = LandmarkRects.LowerHalf(landmarks),
        };
    }
}
