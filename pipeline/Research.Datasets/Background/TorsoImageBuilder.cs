using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>
/// ER-NeRF's <c>extract_torso_and_gt</c> (<c>data_utils/process.py</c>, identical in TalkingGaussian), step for step:
/// <list type="number">
/// <item>head = blue, neck = green, torso = red, background = white parsing pixels (exact colours);</item>
/// <item>gt = frame with background pixels taken from the plate; torso image = gt with head pixels taken from the plate;</item>
/// <item>torso inpainting: per column, the top torso pixel whose upper neighbour is head is copied 9 px upward (itself
/// included) with colour <c>uint8(c·0.98^k)</c>, k = 0…8 (truncated);</item>
/// <item>the neck mask is dilated 3 px vertically; per column its top pixel whose upper neighbour is head is pushed
/// down by <c>min(count − 1, 4)</c> (count = dilated neck pixels in the column), its gt colour copied 53 px upward with
/// <c>0.98^k</c>, k = 0…52;</item>
/// <item>the whole torso image is blurred with <c>cv2.GaussianBlur(img, (5, 5), cv2.BORDER_DEFAULT)</c>, where the third
/// argument is sigmaX, so sigma = 4 (not the ksize-derived 1.1), and only the neck-inpainted pixels take the blurred values;</item>
/// <item>alpha = 255 on dilated neck ∪ torso ∪ both inpainted areas, and colour and alpha are 0 elsewhere.</item>
/// </list>
/// Rows above the top wrap to the bottom of the image, as numpy's negative indices do (only when the person
/// touches the top edge).
/// </summary>
public static class TorsoImageBuilder
{
    /// <summary>Rows the torso colour is copied upward, the top torso pixel included (<c>L = 8 + 1</c>).</summary>
    public const int TorsoInpaintLength = 9;

    /// <summary>How far the neck's top is pushed down at most.</summary>
    public const int NeckPushDown = 4;

    /// <summary>Rows the neck colour is copied upward (<c>L = 48 + push_down + 1</c>).</summary>
    public const int NeckInpaintLength = 53;

    /// <summary>Per-row darkening factor of the copied colours.</summary>
    public const double Darkening = 0.98;

    /// <summary>Iterations of the vertical 3×1 dilation of the neck mask.</summary>
    public const int NeckDilation = 3;

    /// <summary>Size of the Gaussian blur over the neck inpainting.</summary>
    public const int BlurSize = 5;

    /// <summary>Sigma of that blur: upstream passes <c>cv2.BORDER_DEFAULT</c> (= 4) in the sigmaX position.</summary>
    public const double BlurSigma = 4;

    /// <summary>
    /// Builds gt and torso images for one frame. All three images must have the same size; they are used in RGB
    /// order (gray replicated, alpha dropped) and the outputs keep the frame's channel order.
    /// </summary>
    public static GroundTruthAndTorso Build(ByteImage frame, ByteImage parsing, ByteImage plate)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(parsing);
        ArgumentNullException.ThrowIfNull(plate);
        var (width, height) = (frame.Width, frame.Height);
        if (parsing.Width != width || parsing.Height != height || plate.Width != width || plate.Height != height)
        {
            throw new ArgumentException($"Frame {width}x{height}, parsing {parsing.Width}x{parsing.Height} and plate {plate.Width}x{plate.Height} must have the same size.", nameof(parsing));
        }

        var count = width * height;
        var seg = parsing.ToRgb().Pixels;
        var bc = plate.ToRgb().Pixels;
        var head = new bool[count];
        var neck = new bool[count];
        var torso = new bool[count];
        var gt = (byte[])frame.ToRgb().Pixels.Clone();
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = (seg[3 * i], seg[(3 * i) + 1], seg[(3 * i) + 2]);
            head[i] = r == 0 && g == 0 && b == 255;
            neck[i] = r == 0 && g == 255 && b == 0;
            torso[i] = r == 255 && g == 0 && b == 0;
            if (r == 255 && g == 255 && b == 255)
            {
                CopyPixel(bc, gt, i);
            }
        }

        var image = (byte[])gt.Clone();
        for (var i = 0; i < count; i++)
        {
            if (head[i])
            {
                CopyPixel(bc, image, i);
            }
        }

        var scales = new double[NeckInpaintLength];
        for (var k = 0; k < scales.Length; k++)
        {
            scales[k] = Math.Pow(Darkening, k);
        }

        // Torso: the top pixel itself is the colour source (no push-down).
        var torsoInpainted = new bool[count];
        foreach (var (column, top, _) in TopPixelsBelowHead(torso, head, width, height))
        {
            Inpaint(gt, image, torsoInpainted, width, height, column, top, TorsoInpaintLength, scales);
        }

        var dilatedNeck = DilateVertically(neck, width, height, NeckDilation);
        var neckInpainted = new bool[count];
        foreach (var (column, top, columnCount) in TopPixelsBelowHead(dilatedNeck, head, width, height))
        {
            var start = top + Math.Min(columnCount - 1, NeckPushDown);
            Inpaint(gt, image, neckInpainted, width, height, column, start, NeckInpaintLength, scales);
        }

        var blurred = OpenCvGaussianBlur.Blur(new ByteImage(width, height, 3, image), BlurSize, BlurSigma).Pixels;
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            if (!(dilatedNeck[i] || torso[i] || neckInpainted[i] || torsoInpainted[i]))
            {
                continue;
            }

            var source = neckInpainted[i] ? blurred : image;
            rgba[4 * i] = source[3 * i];
            rgba[(4 * i) + 1] = source[(3 * i) + 1];
            rgba[(4 * i) + 2] = source[(3 * i) + 2];
            rgba[(4 * i) + 3] = 255;
        }

        return new GroundTruthAndTorso(new ByteImage(width, height, 3, gt), new ByteImage(width, height, 4, rgba));
    }

    /// <summary>
    /// scipy's <c>binary_dilation</c> with the structuring element [0,1,0]ᵀ repeated <paramref name="iterations"/>
    /// times (border value 0): a pixel is set when the mask holds within ±iterations rows in its column.
    /// </summary>
    public static bool[] DilateVertically(bool[] mask, int width, int height, int iterations)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var dilated = new bool[mask.Length];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                if (!mask[(y * width) + x])
                {
                    continue;
                }

                for (var yy = Math.Max(0, y - iterations); yy <= Math.Min(height - 1, y + iterations); yy++)
                {
                    dilated[(yy * width) + x] = true;
                }
            }
        }

        return dilated;
    }

    // Per column (ascending) with any mask pixel: the top one and the column's pixel count, kept when the pixel
    // above is head. Row −1 reads the bottom row, as numpy's index −1 does.
    private static IEnumerable<(int Column, int Top, int Count)> TopPixelsBelowHead(bool[] mask, bool[] head, int width, int height)
    {
        for (var x = 0; x < width; x++)
        {
            var top = -1;
            var columnCount = 0;
            for (var y = 0; y < height; y++)
            {
                if (mask[(y * width) + x])
                {
                    top = top < 0 ? y : top;
                    columnCount++;
                }
            }

            if (top < 0)
            {
                continue;
            }

            var above = top == 0 ? height - 1 : top - 1;
            if (head[(above * width) + x])
            {
                yield return (x, top, columnCount);
            }
        }
    }

    // Copies the gt colour at (column, start) to rows start, start−1, … with darkening, truncating like numpy's uint8 cast.
    private static void Inpaint(byte[] gt, byte[] image, bool[] inpainted, int width, int height, int column, int start, int length, double[] scales)
    {
        var source = ((start * width) + column) * 3;
        for (var k = 0; k < length; k++)
        {
            var row = start - k;
            if (row < 0)
            {
                row += height;
                if (row < 0)
                {
                    throw new InvalidDataException($"The image is {height} rows high, too few to copy {length} rows up from row {start} (upstream raises an IndexError here).");
                }
            }

            var target = (row * width) + column;
            for (var c = 0; c < 3; c++)
            {
                image[(target * 3) + c] = (byte)(gt[source + c] * scales[k]);
            }

            inpainted[target] = true;
        }
    }

    private static void CopyPixel(byte[] from, byte[] to, int pixel)
    {
        to[3 * pixel] = from[3 * pixel];
        to[(3 * pixel) + 1] = from[(3 * pixel) + 1];
        to[(3 * pixel) + 2] = from[(3 * pixel) + 2];
    }
}
