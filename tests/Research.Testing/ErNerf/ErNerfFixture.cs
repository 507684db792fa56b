using System.Numerics;
using Research.Datasets.ErNerf;
using Research.Media.Audio;
using Research.Media.Imaging;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Media.Wav;

namespace Research.Testing.ErNerf;

/// <summary>
/// Writes a tiny dataset in the ER-NeRF layout with known contents: a head (hair, face, inner mouth) above a neck and
/// cloth, landmarks, cameras rotating about y, OpenFace AUs, audio and features.
/// </summary>
public static class ErNerfFixture
{
    /// <summary>The parsing class of pixel (x, y) in frame <paramref name="frame"/> (the mouth opens on odd frames).</summary>
    public static ParsingClass ClassAt(int x, int y, int frame, int width, int height)
    {
        var cx = width / 2;
        var mouthRows = frame % 2 == 1 ? 3 : 1;
        if (y >= 34 && y < height && x >= 4 && x < width - 4)
        {
            return ParsingClass.Cloth;
        }

        if (y >= 28 && y < 34 && Math.Abs(x - cx) < 5)
        {
            return ParsingClass.Neck;
        }

        if (y >= 22 && y < 22 + mouthRows && Math.Abs(x - cx) < 4)
        {
            return ParsingClass.InnerMouth;
        }

        if (y >= 12 && y < 28 && Math.Abs(x - cx) < 10)
        {
            return ParsingClass.Face;
        }

        return y >= 6 && y < 12 && Math.Abs(x - cx) < 10 ? ParsingClass.Hair : ParsingClass.Background;
    }

    /// <summary>The original frame <paramref name="frame"/>: a smooth pattern that varies with the frame.</summary>
    public static ByteImage Frame(int frame, int width, int height)
    {
        var image = new ByteImage(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                image.Pixels[o] = (byte)(40 + (x * 3) + frame);
                image.Pixels[o + 1] = (byte)(60 + (y * 2));
                image.Pixels[o + 2] = (byte)(120 + (((x + y) * 2) % 100));
            }
        }

        return image;
    }

    /// <summary>The 68 landmarks of frame <paramref name="frame"/>.</summary>
    public static Vector2[] Landmarks(int frame) =>
        [.. Enumerable.Range(0, 68).Select(i => new Vector2(10 + (i % 20) + (frame * 0.125f), 12 + (i / 4 * 0.75f)))];

    /// <summary>The camera-to-world matrix of frame <paramref name="frame"/> (rigid).</summary>
    public static double[] Camera(int frame)
    {
        var a = 0.02 * (frame - 5);
        var (s, c) = Math.SinCos(a);
        return [c, 0, s, 0.01 * frame, 0, 1, 0, -0.02, -s, 0, c, 0.65, 0, 0, 0, 1];
    }

    /// <summary>Writes the dataset into <paramref name="directory"/>.</summary>
    public static void Write(string directory, ErNerfFixtureOptions? options = null)
    {
        options ??= new ErNerfFixtureOptions();
        int n = options.Frames, w = options.Width, h = options.Height;
        Directory.CreateDirectory(directory);
        WriteImages(directory, ErNerfLayout.OriginalImages, n, i => Frame(i, w, h), options.Jpeg);
        if (options.GroundTruth)
        {
            WriteImages(directory, ErNerfLayout.GroundTruthImages, n, i => Frame(i, w, h), options.Jpeg);
        }

        if (options.Background)
        {
            var plate = Frame(99, w, h);
            if (options.Jpeg)
            {
                ConvertToJpeg(plate, Path.Combine(directory, "bc.jpg"));
            }
            else
            {
                PngFile.Write(Path.Combine(directory, "bc.png"), plate);
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (options.Landmarks)
            {
                LandmarkFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.OriginalImages, i, ErNerfLayout.LandmarkExtension), Landmarks(i));
            }

            if (options.Parsing is { } order)
            {
                PngFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.Parsing, i, ".png"), ParsingMap(i, w, h, order));
            }

            if (options.TeethMasks)
            {
                var mask = new bool[w * h];
                for (var p = 0; p < mask.Length; p++)
                {
                    mask[p] = ClassAt(p % w, p / w, i, w, h) == ParsingClass.InnerMouth && p % 2 == 0;
                }

                NpyFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.TeethMasks, i, ".npy"), new NpyArray(mask, [h, w]));
            }

            if (options.Torso)
            {
                PngFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.TorsoImages, i, ".png"), Torso(i, w, h));
            }
        }

        if (options.Transforms)
        {
            var split = (int)(n * 10.0 / 11.0);
            TransformsFile.Write(Path.Combine(directory, ErNerfLayout.TransformsTrain), Transforms(0, split, w, h));
            TransformsFile.Write(Path.Combine(directory, ErNerfLayout.TransformsVal), Transforms(split, n, w, h));
        }

        if (options.ActionUnits)
        {
            WriteActionUnits(Path.Combine(directory, ErNerfLayout.ActionUnits), options.AuRows ?? n, options.AuLeadingSpaces);
        }

        var seconds = options.AudioSeconds ?? (n / 25.0);
        if (seconds >= 0)
        {
            var samples = new float[(int)Math.Round(seconds * 16000)];
            for (var s = 0; s < samples.Length; s++)
            {
                samples[s] = 0.1f * MathF.Sin(s * 0.05f);
            }

            WavFile.Write(Path.Combine(directory, ErNerfLayout.Audio), new AudioClip(16000, 1, samples), WavSampleFormat.Pcm16);
        }

        if (options.AudioFeatureFile is { } featureName)
        {
            var rows = options.AudioFeatureRows ?? n;
            var (window, channels) = options.AudioFeatureShape;
            var data = new float[rows * window * channels];
            for (var k = 0; k < data.Length; k++)
            {
                data[k] = (k % 97) / 97f;
            }

            NpyFile.Write(Path.Combine(directory, featureName), new NpyArray(data, [rows, window, channels]));
        }
    }

    /// <summary>The parsing map of frame <paramref name="frame"/> as it would be stored in <paramref name="order"/>.</summary>
    public static ByteImage ParsingMap(int frame, int width, int height, ParsingChannelOrder order)
    {
        var image = new ByteImage(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = ParsingPalette.ColorOf(ClassAt(x, y, frame, width, height));
                if (order == ParsingChannelOrder.Bgr)
                {
                    (r, b) = (b, r);
                }

                var o = ((y * width) + x) * 3;
                image.Pixels[o] = r;
                image.Pixels[o + 1] = g;
                image.Pixels[o + 2] = b;
            }
        }

        return image;
    }

    /// <summary>Converts a PNG-able image to a JPEG file with ffmpeg (call <see cref="ExternalTools.RequireFfmpeg"/> first).</summary>
    public static void ConvertToJpeg(ByteImage image, string jpegPath)
    {
        var temp = jpegPath + ".src.png";
        PngFile.Write(temp, image);
        try
        {
            ExternalTools.Run("ffmpeg", "-y", "-loglevel", "error", "-i", temp, "-q:v", "2", jpegPath);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static ByteImage Torso(int frame, int width, int height)
    {
        var image = new ByteImage(width, height, 4);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = ClassAt(x, y, frame, width, height);
                var o = ((y * width) + x) * 4;
                image.Pixels[o] = 200;
                image.Pixels[o + 1] = 150;
                image.Pixels[o + 2] = 100;
                image.Pixels[o + 3] = c is ParsingClass.Cloth or ParsingClass.Neck ? (byte)255 : (byte)0;
            }
        }

        return image;
    }

    private static TransformsDocument Transforms(int from, int to, int width, int height) =>
        new(1200, width / 2.0, height / 2.0, [.. Enumerable.Range(from, to - from).Select(i => new CameraFrame(i, i, Camera(i)))]);

    private static void WriteImages(string directory, string folder, int count, Func<int, ByteImage> frame, bool jpeg)
    {
        if (!jpeg)
        {
            for (var i = 0; i < count; i++)
            {
                PngFile.Write(ErNerfLayout.FramePath(directory, folder, i, ".png"), frame(i));
            }

            return;
        }

        // One ffmpeg call for the whole sequence, as process.py extracts frames.
        var temp = Path.Combine(directory, folder + ".png-src");
        for (var i = 0; i < count; i++)
        {
            PngFile.Write(ErNerfLayout.FramePath(temp, string.Empty, i, ".png"), frame(i));
        }

        Directory.CreateDirectory(Path.Combine(directory, folder));
        ExternalTools.Run("ffmpeg", "-y", "-loglevel", "error", "-start_number", "0", "-i", Path.Combine(temp, "%d.png"), "-q:v", "2", "-start_number", "0", Path.Combine(directory, folder, "%d.jpg"));
        Directory.Delete(temp, recursive: true);
    }

    private static void WriteActionUnits(string path, int rows, bool leadingSpaces)
    {
        var frames = Enumerable.Range(0, rows).Select(i => new OpenFaceFrame(
            i + 1,
            i / 25.0,
            0.98,
            true,
            new OpenFacePose(1, 2, 400, 0.1, 0.05, 0),
            Landmarks(i),
            OpenFaceColumns.IntensityUnits.Select((u, k) => (u, v: ((i + k) % 5) * 0.5)).ToDictionary(p => p.u, p => p.v),
            OpenFaceColumns.OccurrenceUnits.ToDictionary(u => u, u => i % 2 == 0))).ToList();
        OpenFaceCsv.Write(path, frames);
        if (!leadingSpaces)
        {
            File.WriteAllText(path, File.ReadAllText(path).Replace(", ", ",", StringComparison.Ordinal));
        }
    }
}
