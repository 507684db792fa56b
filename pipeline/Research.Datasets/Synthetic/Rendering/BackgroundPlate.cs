using Research.Datasets.Synthetic.Randomness;
using Research.Media.Imaging;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>
/// The static backdrop behind the person (<c>bc.png</c>): a soft vertical gradient, faint wall tiles and a few
/// out-of-focus blobs, all drawn in image-relative units so every resolution shows the same picture.
/// </summary>
public static class BackgroundPlate
{
    /// <summary>Paints the plate for a seed (RGB).</summary>
    public static ByteImage Create(int width, int height, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var random = new SeededRandom(seed, 0xB6);

        // Muted colours: a hue, low saturation, mid-to-light value; the bottom is darker than the top.
        var hue = random.NextDouble();
        var top = RgbColor.FromHsv(hue, random.NextDouble(0.08, 0.3), random.NextDouble(0.6, 0.85));
        var bottom = RgbColor.FromHsv(hue + random.NextDouble(-0.08, 0.08), random.NextDouble(0.1, 0.35), random.NextDouble(0.35, 0.6));
        var tilesAcross = 3 + random.NextInt(5);
        var tileContrast = random.NextDouble(0.02, 0.07);
        var grout = random.NextDouble(0.04, 0.12);
        var tileShades = new double[64];
        for (var i = 0; i < tileShades.Length; i++)
        {
            tileShades[i] = random.NextDouble(-1, 1);
        }

        var blobCount = 4 + random.NextInt(5);
        var blobs = new (double X, double Y, double Radius, RgbColor Color, double Alpha)[blobCount];
        for (var i = 0; i < blobCount; i++)
        {
            blobs[i] = (
                random.NextDouble(-0.1, 1.1),
                random.NextDouble(-0.1, 0.9),
                random.NextDouble(0.06, 0.22),
                RgbColor.FromHsv(random.NextDouble(), random.NextDouble(0.1, 0.5), random.NextDouble(0.6, 1.0)),
                random.NextDouble(0.1, 0.3));
        }

        var pixels = new byte[width * height * 3];
        var pixelSize = 1.0 / width;
        var aspect = (double)height / width;
        for (var y = 0; y < height; y++)
        {
            var fy = (y + 0.5) / width;
            for (var x = 0; x < width; x++)
            {
                var fx = (x + 0.5) / width;
                var color = top.Lerp(bottom, Smooth(fy / aspect));

                // Tiles: per-tile brightness and soft grout lines whose width never drops below about a pixel.
                var tx = fx * tilesAcross;
                var ty = fy * tilesAcross;
                var tile = (((int)Math.Floor(tx) & 7) * 8) + ((int)Math.Floor(ty) & 7);
                var lineDistance = Math.Min(Math.Min(tx - Math.Floor(tx), Math.Ceiling(tx) - tx), Math.Min(ty - Math.Floor(ty), Math.Ceiling(ty) - ty)) / tilesAcross;
                var lineHalfWidth = Math.Max(0.0025, pixelSize * 0.5);
                var line = 1 - Math.Clamp((lineDistance - lineHalfWidth) / pixelSize, 0, 1);
                color = color.Scale(1 + (tileContrast * tileShades[tile]) - (grout * line));

                foreach (var blob in blobs)
                {
                    var dx = fx - blob.X;
                    var dy = fy - blob.Y;
                    var distance = Math.Sqrt((dx * dx) + (dy * dy)) / blob.Radius;
                    var alpha = blob.Alpha * (1 - Smooth(Math.Clamp((distance - 0.6) / 0.4, 0, 1)));
                    if (alpha > 0)
                    {
                        color = color.Lerp(blob.Color, alpha);
                    }
                }

                var (r, g, b) = color.ToBytes();
                var o = ((y * width) + x) * 3;
                pixels[o] = r;
                pixels[o + 1] = g;
                pixels[o + 2] = b;
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }

    private static double Smooth(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }
}
