using Research.Media.Imaging;

namespace Research.Datasets.Generated;

/// <summary>
/// Draws the cartoon face over a static background. Geometry is in units of the shorter image side, so the
/// same clip looks alike at 64, 128 or 512 pixels.
/// </summary>
internal sealed class FaceRenderer
{
    private static readonly Rgb[] SkinTones =
    [
        new(241, 194, 160), new(224, 172, 135), new(198, 140, 105), new(161, 110, 80), new(120, 82, 60),
    ];

    private static readonly Rgb[] HairColours = [new(40, 28, 20), new(80, 55, 30), new(22, 22, 24), new(150, 110, 60)];
    private static readonly Rgb EyeWhite = new(245, 245, 240);
    private static readonly Rgb Pupil = new(30, 30, 45);
    private static readonly Rgb MouthInside = new(92, 18, 28);
    private static readonly Rgb Teeth = new(222, 216, 204);

    private readonly Canvas background;
    private readonly Canvas canvas;
    private readonly double unit;
    private readonly Rgb skin;
    private readonly Rgb hair;
    private readonly Rgb shirt;
    private readonly Rgb lip;

    /// <summary>Chooses colours and paints the background from the look stream.</summary>
    public FaceRenderer(int width, int height, SplitMix64 look)
    {
        unit = Math.Min(width, height);
        skin = SkinTones[look.NextInt(SkinTones.Length)];
        hair = HairColours[look.NextInt(HairColours.Length)];
        shirt = RandomColour(look, 40, 200);

        // Lips derive from the skin and are always darker, so opening the mouth darkens its region monotonically.
        lip = new Rgb(skin.R * 0.82f, skin.G * 0.45f, skin.B * 0.55f);
        background = PaintBackground(width, height, look);
        canvas = new Canvas(width, height);
    }

    /// <summary>Renders one frame.</summary>
    public ByteImage Render(FacePose pose)
    {
        canvas.CopyFrom(background);
        var s = unit;
        var cx = (canvas.Width / 2.0) + pose.OffsetX;
        var cy = (canvas.Height / 2.0) + (0.02 * s) + pose.OffsetY;
        var shade = skin.Scale(0.85);

        canvas.FillEllipse(cx, cy + (0.62 * s), 0.48 * s, 0.2 * s, shirt, shirt.Scale(0.8));
        canvas.FillRectangle(cx - (0.1 * s), cy + (0.2 * s), cx + (0.1 * s), cy + (0.5 * s), shade);
        canvas.FillEllipse(cx, cy - (0.07 * s), 0.32 * s, 0.37 * s, hair, hair.Scale(0.7));
        canvas.FillEllipse(cx - (0.27 * s), cy, 0.04 * s, 0.07 * s, shade, shade);
        canvas.FillEllipse(cx + (0.27 * s), cy, 0.04 * s, 0.07 * s, shade, shade);
        canvas.FillEllipse(cx, cy, 0.27 * s, 0.35 * s, skin.Scale(1.04), skin.Scale(0.9));

        foreach (var side in (ReadOnlySpan<int>)[-1, 1])
        {
            var ex = cx + (side * 0.1 * s);
            var ey = cy - (0.07 * s);
            canvas.FillEllipse(ex, ey - (0.075 * s), 0.06 * s, 0.012 * s, hair, hair);
            canvas.FillEllipse(ex, ey, 0.06 * s, 0.04 * s, skin.Scale(0.86), skin.Scale(0.9));
            var eyeHeight = 0.032 * s * pose.EyeOpen;
            canvas.FillEllipse(ex, ey, 0.05 * s, eyeHeight, EyeWhite, EyeWhite);
            canvas.FillEllipse(ex, ey, 0.022 * s, Math.Min(0.022 * s, eyeHeight), Pupil, Pupil);
        }

        canvas.FillEllipse(cx, cy + (0.06 * s), 0.025 * s, 0.04 * s, skin.Scale(0.95), skin.Scale(0.82));
        DrawMouth(cx, cy + (0.17 * s), pose.MouthOpen);
        return canvas.ToByteImage();
    }

    private void DrawMouth(double mx, double my, double open)
    {
        var s = unit;

        // Lips narrow slightly as the jaw drops, as a real mouth does.
        var halfWidth = (0.095 - (0.015 * open)) * s;
        var halfHeight = (0.012 + (0.075 * open)) * s;
        canvas.FillEllipse(mx, my, halfWidth + (0.018 * s), halfHeight + (0.016 * s), lip, lip.Scale(0.85));
        canvas.FillEllipse(mx, my, halfWidth, halfHeight, MouthInside, MouthInside.Scale(0.7));
        canvas.FillEllipse(mx, my, halfWidth, halfHeight, Teeth, Teeth, (float)Math.Clamp(2 * open, 0, 1), my - (0.7 * halfHeight));
    }

    private static Canvas PaintBackground(int width, int height, SplitMix64 look)
    {
        var paint = new Canvas(width, height);
        var from = RandomColour(look, 60, 230);
        var to = RandomColour(look, 60, 230);
        var angle = look.NextDouble(0, 2 * Math.PI);
        var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
        var (kx, ky) = (look.NextDouble(8, 20), look.NextDouble(8, 20));
        var data = paint.Data;
        for (var y = 0; y < height; y++)
        {
            var v = (y + 0.5) / height;
            for (var x = 0; x < width; x++)
            {
                var u = (x + 0.5) / width;

                // Gradient along a random direction plus a faint woven texture; both resolution independent.
                var t = Math.Clamp(0.5 + (0.7 * (((u - 0.5) * dx) + ((v - 0.5) * dy))), 0, 1);
                var texture = 6 * Math.Sin(2 * Math.PI * kx * u) * Math.Sin(2 * Math.PI * ky * v);
                var c = from.Lerp(to, t);
                var i = ((y * width) + x) * 3;
                data[i] = (float)(c.R + texture);
                data[i + 1] = (float)(c.G + texture);
                data[i + 2] = (float)(c.B + texture);
            }
        }

        var scale = Math.Min(width, height);
        for (var k = 0; k < 5; k++)
        {
            var colour = RandomColour(look, 30, 240);
            var opacity = (float)look.NextDouble(0.3, 0.6);
            var (px, py) = (look.NextDouble(0, width), look.NextDouble(0, height));
            var size = look.NextDouble(0.06, 0.18) * scale;
            if (k % 2 == 0)
            {
                paint.FillEllipse(px, py, size, size, colour, colour.Scale(0.85), opacity);
            }
            else
            {
                paint.FillRectangle(px - size, py - (0.6 * size), px + size, py + (0.6 * size), colour, opacity);
            }
        }

        return paint;
    }

    private static Rgb RandomColour(SplitMix64 random, double min, double max) =>
        new((float)random.NextDouble(min, max), (float)random.NextDouble(min, max), (float)random.NextDouble(min, max));
}
