using System.Numerics;
using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Sync;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class SyncCropTests
{
    [Test]
    public void Median_filter_zero_pads_like_scipy_medfilt()
    {
        Assert.That(SyncCrop.MedianFilter([1, 2, 3, 4, 5], 3), Is.EqualTo(new double[] { 1, 2, 3, 4, 4 }));

        // Kernel 13 on 1..20: six zeros enter at each end, so the first output is 1, the second 2, the last 14.
        var ramp = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var smoothed = SyncCrop.MedianFilter(ramp, 13);
        Assert.Multiple(() =>
        {
            Assert.That(smoothed[0], Is.EqualTo(1));
            Assert.That(smoothed[1], Is.EqualTo(2));
            Assert.That(smoothed[10], Is.EqualTo(11));
            Assert.That(smoothed[19], Is.EqualTo(14));
            Assert.That(smoothed[13], Is.EqualTo(14));
        });
    }

    [Test]
    public void Face_box_is_the_landmark_bounding_box_as_centre_and_half_size()
    {
        var points = new[] { new Vector2(100, 120), new Vector2(160, 80), new Vector2(130, 180) };
        var boxes = SyncCrop.FaceBoxes(Enumerable.Repeat(points, 20).ToArray());
        Assert.Multiple(() =>
        {
            // Constant boxes survive the median filter away from the ends (within 6 frames the zeros win for x, y, s
            // only when more than half the window is padding, which never happens: at most 6 of 13).
            Assert.That(boxes, Has.Length.EqualTo(20));
            Assert.That(boxes, Has.All.EqualTo(new SyncFaceBox(130, 130, 50)));
        });
    }

    [Test]
    public void Face_crop_takes_the_run_pipeline_window()
    {
        // s = 80: bsi = int(144) = 144; rows [my − 80, my + 144), columns [mx − 112, mx + 112) of the padded frame:
        // exactly 224×224, so no resampling. Centre (150, 150) → original rows [70, 294), columns [38, 262).
        var frame = Pattern(300, 300);
        var crop = SyncCrop.FaceCrop(frame, new SyncFaceBox(150, 150, 80));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((224, 224)));
        for (var r = 0; r < 224; r += 17)
        {
            for (var c = 0; c < 224; c += 13)
            {
                Assert.That(Pixel(crop, c, r), Is.EqualTo(Pixel(frame, 38 + c, 70 + r)), $"({c}, {r})");
            }
        }
    }

    [Test]
    public void Face_crop_pads_with_110_outside_the_frame()
    {
        // Centre (10, 10), s = 80: original rows [−70, 154), columns [−102, 122).
        var frame = Pattern(300, 300);
        var crop = SyncCrop.FaceCrop(frame, new SyncFaceBox(10, 10, 80));
        Assert.Multiple(() =>
        {
            Assert.That(Pixel(crop, 0, 0), Is.EqualTo((110, 110, 110)));
            Assert.That(Pixel(crop, 101, 69), Is.EqualTo((110, 110, 110)));
            Assert.That(Pixel(crop, 102, 70), Is.EqualTo(Pixel(frame, 0, 0)));
            Assert.That(Pixel(crop, 150, 100), Is.EqualTo(Pixel(frame, 48, 30)));
        });
    }

    [Test]
    public void Resize_matches_hand_computed_fixed_point_values()
    {
        // 2×1 → 4×1, values [0, 200]: weights 0, ¼, ¾, clamp → 0, 50, 150, 200.
        var src = new ByteImage(2, 1, 1, [0, 200]);
        Assert.That(SyncCrop.Resize(src, 4, 1).Pixels, Is.EqualTo(new byte[] { 0, 50, 150, 200 }));
    }

    [Test]
    public void Resize_by_exactly_two_averages_2x2_blocks()
    {
        var src = new ByteImage(4, 2, 1, [0, 1, 10, 20, 2, 2, 30, 41]);
        Assert.That(SyncCrop.Resize(src, 2, 1).Pixels, Is.EqualTo(new byte[] { (0 + 1 + 2 + 2 + 2) >> 2, (10 + 20 + 30 + 41 + 2) >> 2 }));
    }

    [TestCase(512, 512)]
    [TestCase(100, 60)]
    [TestCase(224, 224)]
    [TestCase(7, 300)]
    public void Resize224_keeps_constant_images_constant(int width, int height)
    {
        var src = new ByteImage(width, height, 3);
        Array.Fill(src.Pixels, (byte)77);
        var dst = SyncCrop.Resize224(src);
        Assert.Multiple(() =>
        {
            Assert.That((dst.Width, dst.Height, dst.Channels), Is.EqualTo((224, 224, 3)));
            Assert.That(dst.Pixels, Has.All.EqualTo((byte)77));
        });
    }

    [Test]
    public void Missing_landmarks_are_reported()
    {
        var frames = new[] { Pattern(64, 64), Pattern(64, 64) };
        Assert.That(() => SyncCrop.FaceCrops(frames, [new[] { new Vector2(1, 1), new Vector2(30, 30) }]), Throws.ArgumentException.With.Message.Contains("2 frames but landmarks for only 1"));
    }

    internal static ByteImage Pattern(int width, int height)
    {
        var image = new ByteImage(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                image.Pixels[i] = (byte)((x * 7) + (y * 13));
                image.Pixels[i + 1] = (byte)((x * 3) ^ y);
                image.Pixels[i + 2] = (byte)(x + (5 * y));
            }
        }

        return image;
    }

    private static (byte R, byte G, byte B) Pixel(ByteImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }
}
