using Research.Media.Imaging;
using Research.Metrics.Lpips;
using Research.Tensors.Serialization;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// Slow, obvious float64 twin of lpips.LPIPS.forward (metrics.md §4) written straight from the PyTorch code: naive
/// convolution and pooling loops, explicit channel norms. Independent of the library's layer table and kernels.
/// </summary>
internal sealed class LpipsReference
{
    private readonly LpipsNet net;
    private readonly Dictionary<string, (double[] Values, int[] Shape)> trunk;
    private readonly double[][] lin;

    public LpipsReference(LpipsNet net, IEnumerable<SafetensorsTensor> trunkTensors, IEnumerable<SafetensorsTensor> linTensors)
    {
        this.net = net;
        trunk = trunkTensors.ToDictionary(t => t.Name, t => (t.ToFloat64(), t.Shape.ToArray()));
        var byName = linTensors.ToDictionary(t => t.Name, t => t.ToFloat64());
        lin = [.. Enumerable.Range(0, 5).Select(k => byName[$"lin{k}.model.1.weight"])];
    }

    public double Distance(FloatImage a, FloatImage b, LpipsInputRange range)
    {
        var fa = Taps(Input(a, range));
        var fb = Taps(Input(b, range));
        var total = 0.0;
        for (var k = 0; k < fa.Count; k++)
        {
            var (c, h, w) = (fa[k].GetLength(0), fa[k].GetLength(1), fa[k].GetLength(2));
            var layer = 0.0;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    double na = 0, nb = 0;
                    for (var ch = 0; ch < c; ch++)
                    {
                        na += fa[k][ch, y, x] * fa[k][ch, y, x];
                        nb += fb[k][ch, y, x] * fb[k][ch, y, x];
                    }

                    na = Math.Sqrt(na) + 1e-10;
                    nb = Math.Sqrt(nb) + 1e-10;
                    for (var ch = 0; ch < c; ch++)
                    {
                        var d = (fa[k][ch, y, x] / na) - (fb[k][ch, y, x] / nb);
                        layer += lin[k][ch] * d * d;
                    }
                }
            }

            total += layer / (h * w);
        }

        return total;
    }

    private static double[,,] Input(FloatImage image, LpipsInputRange range)
    {
        double[] shift = [-0.030, -0.088, -0.188];
        double[] scale = [0.458, 0.448, 0.450];
        var x = new double[3, image.Height, image.Width];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < image.Height; y++)
            {
                for (var i = 0; i < image.Width; i++)
                {
                    double v = image.Data[(((y * image.Width) + i) * 3) + c];
                    if (range == LpipsInputRange.ZeroToOne)
                    {
                        v = (2 * v) - 1;
                    }

                    x[c, y, i] = (v - shift[c]) / scale[c];
                }
            }
        }

        return x;
    }

    private List<double[,,]> Taps(double[,,] x)
    {
        var taps = new List<double[,,]>();
        if (net == LpipsNet.Alex)
        {
            x = ConvRelu(x, 0, 4, 2);
            taps.Add(x);
            x = ConvRelu(MaxPool(x, 3, 2), 3, 1, 2);
            taps.Add(x);
            x = ConvRelu(MaxPool(x, 3, 2), 6, 1, 1);
            taps.Add(x);
            x = ConvRelu(x, 8, 1, 1);
            taps.Add(x);
            x = ConvRelu(x, 10, 1, 1);
            taps.Add(x);
        }
        else
        {
            int[][] blocks = [[0, 2], [5, 7], [10, 12, 14], [17, 19, 21], [24, 26, 28]];
            for (var s = 0; s < blocks.Length; s++)
            {
                if (s > 0)
                {
                    x = MaxPool(x, 2, 2);
                }

                foreach (var index in blocks[s])
                {
                    x = ConvRelu(x, index, 1, 1);
                }

                taps.Add(x);
            }
        }

        return taps;
    }

    private double[,,] ConvRelu(double[,,] x, int index, int stride, int pad)
    {
        var (w, shape) = trunk[$"features.{index}.weight"];
        var bias = trunk[$"features.{index}.bias"].Values;
        var (outC, inC, k) = (shape[0], shape[1], shape[2]);
        var (h, wd) = (x.GetLength(1), x.GetLength(2));
        var oh = ((h + (2 * pad) - k) / stride) + 1;
        var ow = ((wd + (2 * pad) - k) / stride) + 1;
        var y = new double[outC, oh, ow];
        for (var o = 0; o < outC; o++)
        {
            for (var r = 0; r < oh; r++)
            {
                for (var c = 0; c < ow; c++)
                {
                    var s = bias[o];
                    for (var i = 0; i < inC; i++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = (r * stride) - pad + ky;
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = (c * stride) - pad + kx;
                                if (ix >= 0 && ix < wd)
                                {
                                    s += w[(((((o * inC) + i) * k) + ky) * k) + kx] * x[i, iy, ix];
                                }
                            }
                        }
                    }

                    y[o, r, c] = Math.Max(s, 0);
                }
            }
        }

        return y;
    }

    private static double[,,] MaxPool(double[,,] x, int k, int stride)
    {
        var (c, h, w) = (x.GetLength(0), x.GetLength(1), x.GetLength(2));
        var oh = ((h - k) / stride) + 1;
        var ow = ((w - k) / stride) + 1;
        var y = new double[c, oh, ow];
        for (var ch = 0; ch < c; ch++)
        {
            for (var r = 0; r < oh; r++)
            {
                for (var col = 0; col < ow; col++)
                {
                    var m = double.NegativeInfinity;
                    for (var dy = 0; dy < k; dy++)
                    {
                        for (var dx = 0; dx < k; dx++)
                        {
                            m = Math.Max(m, x[ch, (r * stride) + dy, (col * stride) + dx]);
                        }
                    }

                    y[ch, r, col] = m;
                }
            }
        }

        return y;
    }
}
