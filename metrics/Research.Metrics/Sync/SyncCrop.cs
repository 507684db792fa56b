using System.Numerics;
using Research.Media.Imaging;

namespace Research.Metrics.Sync;

/// <summary>
/// SyncNet's 224×224 video input: whole-frame resize (Wav2Lip LRS mode) or syncnet_python's face crop
/// (<c>run_pipeline.py</c> <c>crop_video</c>, metrics.md §5.4) with the face box taken from 68-point landmarks.
/// </summary>
/// <remarks>
/// Resizing follows OpenCV's <c>cv2.resize(…, INTER_LINEAR)</c> for 8-bit images: half-pixel centres, edge
/// clamping, 11-bit fixed-point weights, the x86 SIMD vertical rounding
/// <c>((b0·(r0≫4))≫16 + (b1·(r1≫4))≫16 + 2)≫2</c>, and OpenCV's switch to 2×2 area averaging for exact 2× downscales.
/// It is written from OpenCV's documented algorithm and has not been compared with OpenCV output byte for byte.
/// </remarks>
public static class SyncCrop
{
    /// <summary>run_pipeline's <c>crop_scale</c>.</summary>
    public const double CropScale = 0.4;

    /// <summary>The constant run_pipeline pads frames with.</summary>
    public const byte PadValue = 110;

    /// <summary><c>scipy.signal.medfilt</c> kernel applied to the box centre and size.</summary>
    public const int MedianKernel = 13;

    /// <summary>Resizes a whole frame to 224×224 (Wav2Lip LRS mode).</summary>
    /// <param name="frame">An 8-bit image, any channel count.</param>
    public static ByteImage Resize224(ByteImage frame) => Resize(frame, SyncNetArchitecture.CropSize, SyncNetArchitecture.CropSize);

    /// <summary>
    /// Per-frame face boxes from 68-point landmarks: the axis-aligned bounding box of the points, turned into
    /// (centre, s = max(w, h)/2), then each of x, y and s median-filtered over frames with kernel 13 and zero-padded
    /// edges (as <c>scipy.signal.medfilt</c>).
    /// </summary>
    /// <param name="landmarks">One set of points per frame (x right, y down, pixels).</param>
    /// <remarks>
    /// syncnet_python takes the box from S3FD; a landmark box is tighter at the top (it starts at the eyebrows, not
    /// the forehead), so crops sit a little higher and are a little smaller than the detector's would be.
    /// </remarks>
    public static SyncFaceBox[] FaceBoxes(IReadOnlyList<Vector2[]> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var n = landmarks.Count;
        var xs = new double[n];
        var ys = new double[n];
        var ss = new double[n];
        for (var f = 0; f < n; f++)
        {
            var pts = landmarks[f];
            if (pts is null || pts.Length == 0)
            {
                throw new ArgumentException($"SyncCrop: frame {f} has no landmarks; face-crop needs landmarks for every frame.", nameof(landmarks));
            }

            float x1 = float.PositiveInfinity, y1 = float.PositiveInfinity, x2 = float.NegativeInfinity, y2 = float.NegativeInfinity;
            foreach (var p in pts)
            {
                (x1, y1, x2, y2) = (Math.Min(x1, p.X), Math.Min(y1, p.Y), Math.Max(x2, p.X), Math.Max(y2, p.Y));
            }

            ss[f] = Math.Max((double)y2 - y1, (double)x2 - x1) / 2;
            ys[f] = ((double)y1 + y2) / 2;
            xs[f] = ((double)x1 + x2) / 2;
        }

        var (mx, my, ms) = (MedianFilter(xs, MedianKernel), MedianFilter(ys, MedianKernel), MedianFilter(ss, MedianKernel));
        var boxes = new SyncFaceBox[n];
        for (var f = 0; f < n; f++)
        {
            boxes[f] = new SyncFaceBox(mx[f], my[f], ms[f]);
        }

        return boxes;
    }

    /// <summary>
    /// crop_video for one frame: pad by bsi = int(s·(1 + 2cs)) with 110, take rows [int(my − s), int(my + s(1 + 2cs)))
    /// and columns [int(mx − s(1 + cs)), int(mx + s(1 + cs))) of the padded frame (my, mx = centre + bsi; numpy slice
    /// clamping), and resize to 224×224.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="box">Its smoothed face box.</param>
    public static ByteImage FaceCrop(ByteImage frame, SyncFaceBox box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var s = box.HalfSize;
        var bsi = (int)(s * (1 + (2 * CropScale)));
        var my = box.CenterY + bsi;
        var mx = box.CenterX + bsi;
        var (paddedH, paddedW) = (frame.Height + (2 * bsi), frame.Width + (2 * bsi));
        var r0 = Slice((int)(my - s), paddedH);
        var r1 = Slice((int)(my + (s * (1 + (2 * CropScale)))), paddedH);
        var c0 = Slice((int)(mx - (s * (1 + CropScale))), paddedW);
        var c1 = Slice((int)(mx + (s * (1 + CropScale))), paddedW);
        if (r1 <= r0 || c1 <= c0)
        {
            throw new ArgumentException($"SyncCrop: face box (x {box.CenterX}, y {box.CenterY}, s {s}) gives an empty crop of a {frame.Width}×{frame.Height} frame.", nameof(box));
        }

        var ch = frame.Channels;
        var crop = new ByteImage(c1 - c0, r1 - r0, ch);
        for (var r = r0; r < r1; r++)
        {
            var y = r - bsi;
            for (var c = c0; c < c1; c++)
            {
                var x = c - bsi;
                var dst = (((r - r0) * crop.Width) + (c - c0)) * ch;
                var inside = y >= 0 && y < frame.Height && x >= 0 && x < frame.Width;
                for (var k = 0; k < ch; k++)
                {
                    crop.Pixels[dst + k] = inside ? frame.Pixels[(((y * frame.Width) + x) * ch) + k] : PadValue;
                }
            }
        }

        return Resize(crop, SyncNetArchitecture.CropSize, SyncNetArchitecture.CropSize);
    }

    /// <summary>Face crops of every frame with boxes from <see cref="FaceBoxes"/>.</summary>
    /// <param name="frames">Frames.</param>
    /// <param name="landmarks">Landmarks, one set per frame.</param>
    public static ByteImage[] FaceCrops(IReadOnlyList<ByteImage> frames, IReadOnlyList<Vector2[]> landmarks)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (landmarks.Count < frames.Count)
        {
            throw new ArgumentException($"SyncCrop: {frames.Count} frames but landmarks for only {landmarks.Count}.", nameof(landmarks));
        }

        var boxes = FaceBoxes(landmarks.Take(frames.Count).ToArray());
        return [.. frames.Select((f, i) => FaceCrop(f, boxes[i]))];
    }

    /// <summary><c>scipy.signal.medfilt</c>: median of each odd-length window, zeros beyond the ends.</summary>
    internal static double[] MedianFilter(double[] x, int kernel)
    {
        var half = kernel / 2;
        var result = new double[x.Length];
        var window = new double[kernel];
        for (var i = 0; i < x.Length; i++)
        {
            for (var k = 0; k < kernel; k++)
            {
                var j = i + k - half;
                window[k] = j >= 0 && j < x.Length ? x[j] : 0;
            }

            Array.Sort(window);
            result[i] = window[half];
        }

        return result;
    }

    /// <summary>cv2.resize INTER_LINEAR on 8-bit images (see the class remarks).</summary>
    internal static ByteImage Resize(ByteImage src, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(src);
        var ch = src.Channels;
        var dst = new ByteImage(width, height, ch);
        if (src.Width == width && src.Height == height)
        {
            src.Pixels.AsSpan().CopyTo(dst.Pixels);
            return dst;
        }

        if (src.Width == 2 * width && src.Height == 2 * height)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    for (var k = 0; k < ch; k++)
                    {
                        int At(int yy, int xx) => src.Pixels[(((yy * src.Width) + xx) * ch) + k];
                        var sum = At(2 * y, 2 * x) + At(2 * y, (2 * x) + 1) + At((2 * y) + 1, 2 * x) + At((2 * y) + 1, (2 * x) + 1);
                        dst.Pixels[(((y * width) + x) * ch) + k] = (byte)((sum + 2) >> 2);
                    }
                }
            }

            return dst;
        }

        var (xOffset, xAlpha) = Coefficients(src.Width, width);
        var (yOffset, yBeta) = Coefficients(src.Height, height);
        var row0 = new int[width * ch];
        var row1 = new int[width * ch];
        for (var y = 0; y < height; y++)
        {
            HorizontalRow(src, yOffset[y], xOffset, xAlpha, row0);
            HorizontalRow(src, Math.Min(yOffset[y] + 1, src.Height - 1), xOffset, xAlpha, row1);
            int b0 = yBeta[2 * y], b1 = yBeta[(2 * y) + 1];
            for (var i = 0; i < row0.Length; i++)
            {
                var v = (((b0 * (row0[i] >> 4)) >> 16) + ((b1 * (row1[i] >> 4)) >> 16) + 2) >> 2;
                dst.Pixels[(y * width * ch) + i] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        return dst;
    }

    private static int Slice(int index, int length) => Math.Clamp(index < 0 ? index + length : index, 0, length);

    // Source index and the two 11-bit weights per destination index (OpenCV's coordinate rule for INTER_LINEAR).
    private static (int[] Offset, short[] Weights) Coefficients(int source, int destination)
    {
        var scale = (double)source / destination;
        var offset = new int[destination];
        var weights = new short[2 * destination];
        for (var d = 0; d < destination; d++)
        {
            var f = ((d + 0.5) * scale) - 0.5;
            var s = (int)Math.Floor(f);
            f -= s;
            if (s < 0)
            {
                (s, f) = (0, 0);
            }

            if (s >= source - 1)
            {
                (s, f) = (source - 1, 0);
            }

            offset[d] = s;
            weights[2 * d] = (short)Math.Round((1 - f) * 2048, MidpointRounding.ToEven);
            weights[(2 * d) + 1] = (short)Math.Round(f * 2048, MidpointRounding.ToEven);
        }

        return (offset, weights);
    }

    private static void HorizontalRow(ByteImage src, int y, int[] xOffset, short[] xAlpha, int[] row)
    {
        var ch = src.Channels;
        var line = y * src.Width * ch;
        for (var d = 0; d < xOffset.Length; d++)
        {
            var s = xOffset[d];
            var s1 = Math.Min(s + 1, src.Width - 1);
            for (var k = 0; k < ch; k++)
            {
                row[(d * ch) + k] = (src.Pixels[line + (s * ch) + k] * xAlpha[2 * d]) + (src.Pixels[line + (s1 * ch) + k] * xAlpha[(2 * d) + 1]);
            }
        }
    }
}
