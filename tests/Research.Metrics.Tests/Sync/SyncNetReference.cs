namespace Research.Metrics.Tests.Sync;

/// <summary>
/// A slow, obvious float64 SyncNet forward (metrics.md §5.1) on one window: explicit Conv3d / Conv2d loops,
/// unfolded eval-mode batch norm, max pools with −∞ padding, linear layers.
/// </summary>
internal static class SyncNetReference
{
    /// <summary>Audio stream on one 1×13×20 window (C, H, W).</summary>
    public static double[] Audio(Dictionary<string, float[]> w, double[] x)
    {
        var (c, h, wd) = (1, 13, 20);
        var t = (Data: x, C: c, D: 1, H: h, W: wd);
        t = ConvBnRelu(w, "netcnnaud", 0, 1, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = MaxPool(t, (1, 1, 1), (1, 1, 1), (0, 0, 0));
        t = ConvBnRelu(w, "netcnnaud", 4, 5, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = MaxPool(t, (1, 3, 3), (1, 1, 2), (0, 0, 0));
        t = ConvBnRelu(w, "netcnnaud", 8, 9, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = ConvBnRelu(w, "netcnnaud", 11, 12, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = ConvBnRelu(w, "netcnnaud", 14, 15, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = MaxPool(t, (1, 3, 3), (1, 2, 2), (0, 0, 0));
        t = ConvBnRelu(w, "netcnnaud", 18, 19, t, (1, 5, 4), (1, 1, 1), (0, 0, 0));
        return Head(w, "netfcaud", t.Data);
    }

    /// <summary>Lip stream on one 3×5×224×224 window (C, T, H, W).</summary>
    public static double[] Lip(Dictionary<string, float[]> w, double[] x)
    {
        var t = (Data: x, C: 3, D: 5, H: 224, W: 224);
        t = ConvBnRelu(w, "netcnnlip", 0, 1, t, (5, 7, 7), (1, 2, 2), (0, 0, 0));
        t = MaxPool(t, (1, 3, 3), (1, 2, 2), (0, 0, 0));
        t = ConvBnRelu(w, "netcnnlip", 4, 5, t, (1, 5, 5), (1, 2, 2), (0, 1, 1));
        t = MaxPool(t, (1, 3, 3), (1, 2, 2), (0, 1, 1));
        t = ConvBnRelu(w, "netcnnlip", 8, 9, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = ConvBnRelu(w, "netcnnlip", 11, 12, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = ConvBnRelu(w, "netcnnlip", 14, 15, t, (1, 3, 3), (1, 1, 1), (0, 1, 1));
        t = MaxPool(t, (1, 3, 3), (1, 2, 2), (0, 0, 0));
        t = ConvBnRelu(w, "netcnnlip", 18, 19, t, (1, 6, 6), (1, 1, 1), (0, 0, 0));
        return Head(w, "netfclip", t.Data);
    }

    private static double[] Head(Dictionary<string, float[]> w, string stream, double[] x)
    {
        var h = Linear(w[$"{stream}.0.weight"], w[$"{stream}.0.bias"], x);
        for (var i = 0; i < h.Length; i++)
        {
            var bn = ((h[i] - w[$"{stream}.1.running_mean"][i]) / Math.Sqrt(w[$"{stream}.1.running_var"][i] + 1e-5) * w[$"{stream}.1.weight"][i]) + w[$"{stream}.1.bias"][i];
            h[i] = Math.Max(0, bn);
        }

        return Linear(w[$"{stream}.3.weight"], w[$"{stream}.3.bias"], h);
    }

    private static double[] Linear(float[] weight, float[] bias, double[] x)
    {
        var y = new double[bias.Length];
        for (var o = 0; o < y.Length; o++)
        {
            var s = (double)bias[o];
            for (var i = 0; i < x.Length; i++)
            {
                s += weight[(o * x.Length) + i] * x[i];
            }

            y[o] = s;
        }

        return y;
    }

    private static (double[] Data, int C, int D, int H, int W) ConvBnRelu(
        Dictionary<string, float[]> w, string stream, int conv, int bn, (double[] Data, int C, int D, int H, int W) x, (int D, int H, int W) k, (int D, int H, int W) s, (int D, int H, int W) p)
    {
        var weight = w[$"{stream}.{conv}.weight"];
        var bias = w[$"{stream}.{conv}.bias"];
        var outs = bias.Length;
        var od = ((x.D + (2 * p.D) - k.D) / s.D) + 1;
        var oh = ((x.H + (2 * p.H) - k.H) / s.H) + 1;
        var ow = ((x.W + (2 * p.W) - k.W) / s.W) + 1;
        var y = new double[outs * od * oh * ow];
        var (gamma, beta, mean, variance) = (w[$"{stream}.{bn}.weight"], w[$"{stream}.{bn}.bias"], w[$"{stream}.{bn}.running_mean"], w[$"{stream}.{bn}.running_var"]);
        for (var o = 0; o < outs; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + 1e-5);
            for (var zd = 0; zd < od; zd++)
            {
                for (var zh = 0; zh < oh; zh++)
                {
                    for (var zw = 0; zw < ow; zw++)
                    {
                        var sum = (double)bias[o];
                        for (var c = 0; c < x.C; c++)
                        {
                            for (var a = 0; a < k.D; a++)
                            {
                                var id = (zd * s.D) - p.D + a;
                                if (id < 0 || id >= x.D)
                                {
                                    continue;
                                }

                                for (var b = 0; b < k.H; b++)
                                {
                                    var ih = (zh * s.H) - p.H + b;
                                    if (ih < 0 || ih >= x.H)
                                    {
                                        continue;
                                    }

                                    var wBase = ((((((o * x.C) + c) * k.D) + a) * k.H) + b) * k.W;
                                    var xBase = ((((c * x.D) + id) * x.H) + ih) * x.W;
                                    for (var e = 0; e < k.W; e++)
                                    {
                                        var iw = (zw * s.W) - p.W + e;
                                        if (iw >= 0 && iw < x.W)
                                        {
                                            sum += weight[wBase + e] * x.Data[xBase + iw];
                                        }
                                    }
                                }
                            }
                        }

                        var normed = ((sum - mean[o]) * scale) + beta[o];
                        y[((((o * od) + zd) * oh) + zh) * ow + zw] = Math.Max(0, normed);
                    }
                }
            }
        }

        return (y, outs, od, oh, ow);
    }

    private static (double[] Data, int C, int D, int H, int W) MaxPool((double[] Data, int C, int D, int H, int W) x, (int D, int H, int W) k, (int D, int H, int W) s, (int D, int H, int W) p)
    {
        var od = ((x.D + (2 * p.D) - k.D) / s.D) + 1;
        var oh = ((x.H + (2 * p.H) - k.H) / s.H) + 1;
        var ow = ((x.W + (2 * p.W) - k.W) / s.W) + 1;
        var y = new double[x.C * od * oh * ow];
        for (var c = 0; c < x.C; c++)
        {
            for (var zd = 0; zd < od; zd++)
            {
                for (var zh = 0; zh < oh; zh++)
                {
                    for (var zw = 0; zw < ow; zw++)
                    {
                        var m = double.NegativeInfinity;
                        for (var a = 0; a < k.D; a++)
                        {
                            for (var b = 0; b < k.H; b++)
                            {
                                for (var e = 0; e < k.W; e++)
                                {
                                    var (id, ih, iw) = ((zd * s.D) - p.D + a, (zh * s.H) - p.H + b, (zw * s.W) - p.W + e);
                                    if (id >= 0 && id < x.D && ih >= 0 && ih < x.H && iw >= 0 && iw < x.W)
                                    {
                                        m = Math.Max(m, x.Data[((((c * x.D) + id) * x.H) + ih) * x.W + iw]);
                                    }
                                }
                            }
                        }

                        y[((((c * od) + zd) * oh) + zh) * ow + zw] = m;
                    }
                }
            }
        }

        return (y, x.C, od, oh, ow);
    }
}
