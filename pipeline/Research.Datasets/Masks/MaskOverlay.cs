using Research.Media.Imaging;

namespace Research.Datasets.Masks;

/// <summary>
/// A visual check image: the frame with each mask tinted half-way towards a class colour and the rectangles outlined.
/// Priority where masks overlap: teeth (white), mouth (magenta), face (blue), hair (yellow), neck (green), torso (red).
/// The lips rectangle is drawn in cyan, the lower-half rectangle in orange (outlines of the half-open slices).
/// </summary>
public static class MaskOverlay
{
    /// <summary>Renders the overlay as a new RGB image; <paramref name="frame"/> must have the masks' size.</summary>
    public static ByteImage Render(ByteImage frame, FrameMasks masks) => Render(frame, masks, masks.LipsRect);

    /// <summary>Renders the overlay with an explicit lips rectangle (null: none); the lower-half rectangle is always drawn.</summary>
    public static ByteImage Render(ByteImage frame, FrameMasks masks, LandmarkRect? lipsRect)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(masks);
        if (frame.Width != masks.Width || frame.Height != masks.Height)
        {
            throw new ArgumentException($"The frame is {frame.Width}x{frame.Height} but the masks are {masks.Width}x{masks.Height}.", nameof(frame));
        }

        var source = frame.ToRgb().Pixels;
        var pixels = (byte[])source.Clone();
        for (var i = 0; i < masks.Width * masks.Height; i++)
        {
            if (Tint(masks, i) is { } tint)
            {
                pixels[3 * i] = (byte)((pixels[3 * i] + tint.R + 1) / 2);
                pixels[(3 * i) + 1] = (byte)((pixels[(3 * i) + 1] + tint.G + 1) / 2);
                pixels[(3 * i) + 2] = (byte)((pixels[(3 * i) + 2] + tint.B + 1) / 2);
            }
        }

        var image = new ByteImage(masks.Width, masks.Height, 3, pixels);
        Outline(image, masks.LowerHalfRect, (255, 160, 0));
        if (lipsRect is { } lips)
        {
            Outline(image, lips, (0, 255, 255));
        }

        return image;
    }

    private static (byte R, byte G, byte B)? Tint(FrameMasks masks, int i) =>
        masks.Teeth[i] ? (255, 255, 255)
        : masks.Mouth[i] ? (255, 0, 255)
        : masks.Face[i] ? (0, 0, 255)
        : masks.Hair[i] ? (255, 255, 0)
        : masks.Neck[i] ? (0, 255, 0)
        : masks.Torso[i] ? (255, 0, 0)
        : null;

    // Outlines the pixels the slice [RowMin:RowMax, ColumnMin:ColumnMax] selects.
    private static void Outline(ByteImage image, LandmarkRect rect, (byte R, byte G, byte B) colour)
    {
        var area = rect.ToMask(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (!area[x, y])
                {
                    continue;
                }

                var edge = x == 0 || y == 0 || x == image.Width - 1 || y == image.Height - 1
                    || !area[x - 1, y] || !area[x + 1, y] || !area[x, y - 1] || !area[x, y + 1];
                if (edge)
                {
                    var o = ((y * image.Width) + x) * 3;
                    (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2]) = (colour.R, colour.G, colour.B);
                }
            }
        }
    }
}
