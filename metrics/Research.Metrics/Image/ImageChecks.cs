using Research.Media.Imaging;

namespace Research.Metrics.Image;

/// <summary>Argument checks shared by the image metrics.</summary>
internal static class ImageChecks
{
    public static string Describe(FloatImage image) => $"{image.Width}x{image.Height}x{image.Channels}";

    public static void RequireSameShape(FloatImage pred, FloatImage gt)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(gt);
        if (!pred.SameShapeAs(gt))
        {
            throw new ArgumentException(
                $"Image shapes differ: pred is {Describe(pred)} but gt is {Describe(gt)} (width x height x channels).",
                nameof(gt));
        }
    }
}
