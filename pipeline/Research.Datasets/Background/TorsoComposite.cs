using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>
/// The per-frame background TalkingGaussian's loader builds (<c>scene/dataset_readers.py</c>): the torso RGBA over the
/// plate, <c>uint8(t·a/255 + bc·(1 − a/255))</c> in float64 with exactly that operation order and truncation.
/// </summary>
public static class TorsoComposite
{
    /// <summary>Composites <paramref name="torso"/> (4 channels) over <paramref name="plate"/> (made RGB); returns RGB.</summary>
    public static ByteImage OverPlate(ByteImage torso, ByteImage plate)
    {
        ArgumentNullException.ThrowIfNull(torso);
        ArgumentNullException.ThrowIfNull(plate);
        if (torso.Channels != 4)
        {
            throw new ArgumentException($"The torso image must be RGBA, not {torso.Channels} channels.", nameof(torso));
        }

        if (torso.Width != plate.Width || torso.Height != plate.Height)
        {
            throw new ArgumentException($"Torso {torso.Width}x{torso.Height} and plate {plate.Width}x{plate.Height} differ in size.", nameof(plate));
        }

        var bc = plate.ToRgb().Pixels;
        var t = torso.Pixels;
        var count = torso.Width * torso.Height;
        var output = new byte[count * 3];
        for (var i = 0; i < count; i++)
        {
            double alpha = t[(4 * i) + 3];
            var rest = 1 - (alpha / 255.0);
            for (var c = 0; c < 3; c++)
            {
                var value = (t[(4 * i) + c] * alpha / 255.0) + (bc[(3 * i) + c] * rest);
                output[(3 * i) + c] = (byte)value;
            }
        }

        return new ByteImage(torso.Width, torso.Height, 3, output);
    }
}
