using System.Globalization;
using Research.Media;
using Research.Media.Imaging;

namespace Research.Datasets.ErNerf;

/// <summary>Channel-order detection, normalisation and per-pixel classification of parsing maps.</summary>
internal static class ParsingMaps
{
    private static readonly ParsingClass[] Classes = Enum.GetValues<ParsingClass>();

    /// <summary>Per-map evidence: the mean row of blue (0,0,255) and of red (255,0,0) pixels as stored.</summary>
    public readonly record struct Evidence(double BlueMeanRow, long BlueCount, double RedMeanRow, long RedCount)
    {
        /// <summary>The order this map suggests, or null when one of the colours is absent or the means tie.</summary>
        public ParsingChannelOrder? Vote =>
            BlueCount == 0 || RedCount == 0 || BlueMeanRow == RedMeanRow
                ? null
                : BlueMeanRow < RedMeanRow ? ParsingChannelOrder.Rgb : ParsingChannelOrder.Bgr;
    }

    /// <summary>Where the (near-)blue and (near-)red pixels of a map lie, in its stored order.</summary>
    public static Evidence Measure(ByteImage rgb, int tolerance)
    {
        long blueRows = 0, blueCount = 0, redRows = 0, redCount = 0;
        var limit = tolerance * tolerance;
        var pixels = rgb.Pixels;
        for (var y = 0; y < rgb.Height; y++)
        {
            var row = y * rgb.Width * 3;
            for (var x = 0; x < rgb.Width; x++)
            {
                var o = row + (x * 3);
                int r = pixels[o], g = pixels[o + 1], b = pixels[o + 2];
                if (Distance2(r, g, b, 0, 0, 255) <= limit)
                {
                    blueRows += y;
                    blueCount++;
                }
                else if (Distance2(r, g, b, 255, 0, 0) <= limit)
                {
                    redRows += y;
                    redCount++;
                }
            }
        }

        return new Evidence(
            blueCount == 0 ? double.NaN : (double)blueRows / blueCount,
            blueCount,
            redCount == 0 ? double.NaN : (double)redRows / redCount,
            redCount);
    }

    /// <summary>Measures up to <paramref name="samples"/> maps spread evenly over frames [0, <paramref name="count"/>).</summary>
    public static List<Evidence> Sample(FrameFolder folder, int count, int samples, int tolerance)
    {
        samples = Math.Min(samples, count);
        var evidence = new List<Evidence>(samples);
        for (var s = 0; s < samples; s++)
        {
            // With 5 samples of 100 frames: frames 0, 24, 49, 74, 99.
            var index = samples == 1 ? 0 : (int)((long)s * (count - 1) / (samples - 1));
            if (folder.PathOf(index) is { } path)
            {
                evidence.Add(Measure(ErNerfImages.ReadRgb(path), tolerance));
            }
        }

        return evidence;
    }

    /// <summary>The majority vote of several maps, or null when none voted; <paramref name="disagree"/> counts minority votes.</summary>
    public static ParsingChannelOrder? Decide(IEnumerable<Evidence> evidence, out int disagree)
    {
        int rgb = 0, bgr = 0;
        foreach (var e in evidence)
        {
            switch (e.Vote)
            {
                case ParsingChannelOrder.Rgb:
                    rgb++;
                    break;
                case ParsingChannelOrder.Bgr:
                    bgr++;
                    break;
            }
        }

        disagree = Math.Min(rgb, bgr);
        return rgb == 0 && bgr == 0 ? null : rgb >= bgr ? ParsingChannelOrder.Rgb : ParsingChannelOrder.Bgr;
    }

    /// <summary>Converts a map in <paramref name="order"/> to RGB in place (swaps red and blue for BGR).</summary>
    public static ByteImage Normalise(ByteImage rgb, ParsingChannelOrder order)
    {
        if (order == ParsingChannelOrder.Bgr)
        {
            var p = rgb.Pixels;
            for (var o = 0; o < p.Length; o += 3)
            {
                (p[o], p[o + 2]) = (p[o + 2], p[o]);
            }
        }

        return rgb;
    }

    /// <summary>
    /// The class of every pixel of an RGB map; colours off the palette take the nearest palette colour when within
    /// <paramref name="tolerance"/> (Euclidean, 0–255 units), otherwise the map is rejected naming the pixel.
    /// </summary>
    public static ParsingClass[] Classify(ByteImage rgb, int tolerance, string path)
    {
        var labels = new ParsingClass[rgb.Width * rgb.Height];
        var pixels = rgb.Pixels;
        var limit = tolerance * tolerance;
        for (var i = 0; i < labels.Length; i++)
        {
            byte r = pixels[i * 3], g = pixels[(i * 3) + 1], b = pixels[(i * 3) + 2];
            if (ParsingPalette.Classify(r, g, b) is { } exact)
            {
                labels[i] = exact;
                continue;
            }

            var (nearest, distance2) = Nearest(r, g, b);
            if (distance2 > limit)
            {
                throw new MediaFormatException(path, string.Create(
                    CultureInfo.InvariantCulture,
                    $"pixel (x={i % rgb.Width}, y={i / rgb.Width}) has colour ({r},{g},{b}), which is not a parsing colour (nearest: {nearest}, distance {Math.Sqrt(distance2):F0} > tolerance {tolerance}); expected white, blue, grey 100, green, red or black."));
            }

            labels[i] = nearest;
        }

        return labels;
    }

    private static (ParsingClass Class, int Distance2) Nearest(int r, int g, int b)
    {
        var best = ParsingClass.Background;
        var bestDistance = int.MaxValue;
        foreach (var c in Classes)
        {
            var (pr, pg, pb) = ParsingPalette.ColorOf(c);
            var d = Distance2(r, g, b, pr, pg, pb);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }

        return (best, bestDistance);
    }

    private static int Distance2(int r, int g, int b, int pr, int pg, int pb) =>
        ((r - pr) * (r - pr)) + ((g - pg) * (g - pg)) + ((b - pb) * (b - pb));
}
