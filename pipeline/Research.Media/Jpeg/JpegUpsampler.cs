namespace Research.Media.Jpeg;

/// <summary>
/// Expands one component to full resolution a row at a time. Components sampled at half the horizontal rate
/// (h2v1), half the vertical rate (h1v2) or half in both directions (h2v2) use libjpeg(-turbo)'s default "fancy"
/// triangle filter (weights 3/4 and 1/4 per direction, its rounding biases, edges replicated), so decodes match
/// libjpeg and the tools built on it (OpenCV, Pillow); every other ratio replicates samples.
/// </summary>
internal sealed class JpegUpsampler
{
    private readonly JpegComponent component;
    private readonly Mode mode;
    private readonly int[] columnMap = [];
    private readonly int outputWidth;
    private readonly int maxVertical;

    public JpegUpsampler(JpegFrame frame, JpegComponent component)
    {
        this.component = component;
        outputWidth = frame.Width;
        maxVertical = frame.MaxVertical;
        var wide = frame.MaxHorizontal == 2 * component.Horizontal;
        var tall = frame.MaxVertical == 2 * component.Vertical;
        var sameWidth = frame.MaxHorizontal == component.Horizontal;
        var sameHeight = frame.MaxVertical == component.Vertical;

        // libjpeg filters only components more than two samples wide.
        var fancy = component.Width > 2;
        if (sameWidth && sameHeight)
        {
            mode = Mode.Copy;
        }
        else if (fancy && wide && sameHeight)
        {
            mode = Mode.FancyH2V1;
        }
        else if (fancy && wide && tall)
        {
            mode = Mode.FancyH2V2;
        }
        else if (sameWidth && tall)
        {
            // libjpeg-turbo filters h1v2 whatever the width.
            mode = Mode.FancyH1V2;
        }
        else
        {
            mode = Mode.Replicate;
            columnMap = new int[outputWidth];
            for (var x = 0; x < outputWidth; x++)
            {
                columnMap[x] = (int)((long)x * component.Horizontal / frame.MaxHorizontal);
            }
        }
    }

    private enum Mode
    {
        Copy,
        FancyH2V1,
        FancyH2V2,
        FancyH1V2,
        Replicate,
    }

    /// <summary>Scratch the caller provides for <see cref="Row"/>: samples for the widest expansion plus column sums.</summary>
    public static int ScratchLength(JpegFrame frame) => (frame.McusPerLine * frame.MaxHorizontal * 8) + 2;

    /// <summary>Full-resolution samples of output row <paramref name="y"/> (at least the image width).</summary>
    /// <param name="y">Output row.</param>
    /// <param name="output">Receives the samples unless the plane row can be returned directly.</param>
    /// <param name="columnSums">Scratch of <see cref="ScratchLength"/> ints.</param>
    /// <returns>The row: a plane slice or <paramref name="output"/>.</returns>
    public ReadOnlySpan<byte> Row(int y, Span<byte> output, Span<int> columnSums)
    {
        var c = component;
        switch (mode)
        {
            case Mode.Copy:
                return c.Plane.AsSpan(y * c.Stride, outputWidth);
            case Mode.FancyH2V1:
                FancyH2V1(c.Plane.AsSpan(y * c.Stride, c.Width), output);
                return output;
            case Mode.FancyH2V2:
            {
                var row = y >> 1;
                // The upper output row of a pair leans on the chroma row above, the lower on the one below.
                var far = (y & 1) == 0 ? Math.Max(row - 1, 0) : Math.Min(row + 1, c.Height - 1);
                FancyH2V2(c.Plane.AsSpan(row * c.Stride, c.Width), c.Plane.AsSpan(far * c.Stride, c.Width), output, columnSums);
                return output;
            }

            case Mode.FancyH1V2:
            {
                var row = y >> 1;
                var upper = (y & 1) == 0;
                var far = upper ? Math.Max(row - 1, 0) : Math.Min(row + 1, c.Height - 1);
                FancyH1V2(c.Plane.AsSpan(row * c.Stride, outputWidth), c.Plane.AsSpan(far * c.Stride, outputWidth), upper, output);
                return output;
            }

            default:
            {
                var source = c.Plane.AsSpan((int)((long)y * c.Vertical / maxVertical) * c.Stride, c.Width);
                var map = columnMap;
                for (var x = 0; x < map.Length; x++)
                {
                    output[x] = source[map[x]];
                }

                return output;
            }
        }
    }

    /// <summary>Horizontal triangle filter: each input sample yields two outputs, 3/4 itself and 1/4 its neighbour.</summary>
    /// <param name="input">At least two samples.</param>
    /// <param name="output">2 × input length samples.</param>
    public static void FancyH2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = input.Length;
        output = output[..(2 * n)];
        output[0] = input[0];
        output[1] = (byte)(((3 * input[0]) + input[1] + 2) >> 2);
        for (var i = 1; i < n - 1; i++)
        {
            var center = 3 * input[i];
            output[2 * i] = (byte)((center + input[i - 1] + 1) >> 2);
            output[(2 * i) + 1] = (byte)((center + input[i + 1] + 2) >> 2);
        }

        output[(2 * n) - 2] = (byte)(((3 * input[n - 1]) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = input[n - 1];
    }

    /// <summary>Vertical triangle filter: 3/4 the input row the output row lies in, 1/4 the adjacent one.</summary>
    /// <param name="near">The input row the output row lies in.</param>
    /// <param name="far">The adjacent input row on the output row's side (the same row at the image edge).</param>
    /// <param name="upper">True for the upper output row of the pair (rounding bias 1, else 2).</param>
    /// <param name="output">As many samples as <paramref name="near"/>.</param>
    public static void FancyH1V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, bool upper, Span<byte> output)
    {
        var n = near.Length;
        far = far[..n];
        output = output[..n];
        var bias = upper ? 1 : 2;
        for (var i = 0; i < n; i++)
        {
            output[i] = (byte)(((3 * near[i]) + far[i] + bias) >> 2);
        }
    }

    /// <summary>
    /// Two-dimensional triangle filter for one output row: column sums 3·near + far, then the horizontal filter on
    /// the sums (weights 9/16, 3/16, 3/16, 1/16).
    /// </summary>
    /// <param name="near">The input row the output row lies in, at least two samples.</param>
    /// <param name="far">The adjacent input row on the output row's side (the same row at the image edge).</param>
    /// <param name="output">2 × input length samples.</param>
    /// <param name="sums">Scratch of at least the input length.</param>
    public static void FancyH2V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output, Span<int> sums)
    {
        var n = near.Length;
        far = far[..n];
        sums = sums[..n];
        output = output[..(2 * n)];
        for (var i = 0; i < n; i++)
        {
            sums[i] = (3 * near[i]) + far[i];
        }

        output[0] = (byte)(((4 * sums[0]) + 8) >> 4);
        output[1] = (byte)(((3 * sums[0]) + sums[1] + 7) >> 4);
        for (var i = 1; i < n - 1; i++)
        {
            var center = 3 * sums[i];
            output[2 * i] = (byte)((center + sums[i - 1] + 8) >> 4);
            output[(2 * i) + 1] = (byte)((center + sums[i + 1] + 7) >> 4);
        }

        output[(2 * n) - 2] = (byte)(((3 * sums[n - 1]) + sums[n - 2] + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((4 * sums[n - 1]) + 7) >> 4);
    }
}
