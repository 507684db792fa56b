namespace Research.Tensors.Tests.Ops;

/// <summary>
/// Obvious loop twins of the convolution and pooling ops, in double, on row-major arrays with three spatial
/// dimensions (1-D and 2-D cases use size 1 in front). Output position o reads input o·s − p + k·d.
/// </summary>
public static class ConvolutionReference
{
    public sealed record Config(int N, int C, int O, int Groups, int[] In, int[] K, int[] S, int[] P, int[] D)
    {
        public int[] Out => [.. Enumerable.Range(0, 3).Select(i => ((In[i] + (2 * P[i]) - (D[i] * (K[i] - 1)) - 1) / S[i]) + 1)];

        public int InCount => N * C * In[0] * In[1] * In[2];

        public int WeightCount => O * (C / Groups) * K[0] * K[1] * K[2];

        public int OutCount => N * O * Out[0] * Out[1] * Out[2];
    }

    /// <summary>y and the gradients for output gradient gy, each with the sum of its terms' magnitudes (for tolerances).</summary>
    public static ConvResult Conv(Config c, double[] x, double[] w, double[]? b, double[] gy)
    {
        var agx = new double[x.Length];
        var agw = new double[w.Length];
        var agb = new double[c.O];
        var (o3, cg, og) = (c.Out, c.C / c.Groups, c.O / c.Groups);
        var y = new double[c.OutCount];
        var abs = new double[c.OutCount];
        var gx = new double[x.Length];
        var gw = new double[w.Length];
        var gb = new double[c.O];
        for (var n = 0; n < c.N; n++)
        for (var oc = 0; oc < c.O; oc++)
        for (var od = 0; od < o3[0]; od++)
        for (var oh = 0; oh < o3[1]; oh++)
        for (var ow = 0; ow < o3[2]; ow++)
        {
            var yi = ((((((n * c.O) + oc) * o3[0]) + od) * o3[1]) + oh) * o3[2] + ow;
            var sum = b?[oc] ?? 0.0;
            var a = Math.Abs(sum);
            gb[oc] += gy[yi];
            agb[oc] += Math.Abs(gy[yi]);
            var grp = oc / og;
            for (var ic = 0; ic < cg; ic++)
            for (var kd = 0; kd < c.K[0]; kd++)
            for (var kh = 0; kh < c.K[1]; kh++)
            for (var kw = 0; kw < c.K[2]; kw++)
            {
                var id = (od * c.S[0]) - c.P[0] + (kd * c.D[0]);
                var ih = (oh * c.S[1]) - c.P[1] + (kh * c.D[1]);
                var iw = (ow * c.S[2]) - c.P[2] + (kw * c.D[2]);
                if (id < 0 || id >= c.In[0] || ih < 0 || ih >= c.In[1] || iw < 0 || iw >= c.In[2])
                {
                    continue;
                }

                var xi = ((((((n * c.C) + (grp * cg) + ic) * c.In[0]) + id) * c.In[1]) + ih) * c.In[2] + iw;
                var wi = ((((((oc * cg) + ic) * c.K[0]) + kd) * c.K[1]) + kh) * c.K[2] + kw;
                sum += x[xi] * w[wi];
                a += Math.Abs(x[xi] * w[wi]);
                gx[xi] += w[wi] * gy[yi];
                gw[wi] += x[xi] * gy[yi];
                agx[xi] += Math.Abs(w[wi] * gy[yi]);
                agw[wi] += Math.Abs(x[xi] * gy[yi]);
            }

            y[yi] = sum;
            abs[yi] = a;
        }

        return new ConvResult(y, abs, gx, agx, gw, agw, gb, agb);
    }

    public sealed record ConvResult(double[] Y, double[] AbsY, double[] Gx, double[] AbsGx, double[] Gw, double[] AbsGw, double[] Gb, double[] AbsGb);

    /// <summary>Max (first maximum in scan order, padding −∞) or average pooling, with the input gradient for gy.</summary>
    public static (double[] Y, double[] Gx) Pool(Config c, double[] x, double[] gy, bool max, bool countIncludePad)
    {
        var o3 = c.Out;
        var y = new double[c.OutCount];
        var gx = new double[x.Length];
        for (var plane = 0; plane < c.N * c.C; plane++)
        for (var od = 0; od < o3[0]; od++)
        for (var oh = 0; oh < o3[1]; oh++)
        for (var ow = 0; ow < o3[2]; ow++)
        {
            var yi = ((((plane * o3[0]) + od) * o3[1]) + oh) * o3[2] + ow;
            var taps = new List<int>();
            for (var kd = 0; kd < c.K[0]; kd++)
            for (var kh = 0; kh < c.K[1]; kh++)
            for (var kw = 0; kw < c.K[2]; kw++)
            {
                var id = (od * c.S[0]) - c.P[0] + kd;
                var ih = (oh * c.S[1]) - c.P[1] + kh;
                var iw = (ow * c.S[2]) - c.P[2] + kw;
                if (id >= 0 && id < c.In[0] && ih >= 0 && ih < c.In[1] && iw >= 0 && iw < c.In[2])
                {
                    taps.Add(((((plane * c.In[0]) + id) * c.In[1]) + ih) * c.In[2] + iw);
                }
            }

            if (max)
            {
                var best = taps[0];
                foreach (var t in taps)
                {
                    if (x[t] > x[best])
                    {
                        best = t;
                    }
                }

                y[yi] = x[best];
                gx[best] += gy[yi];
            }
            else
            {
                var divisor = countIncludePad ? c.K[0] * c.K[1] * c.K[2] : taps.Count;
                y[yi] = taps.Sum(t => x[t]) / divisor;
                foreach (var t in taps)
                {
                    gx[t] += gy[yi] / divisor;
                }
            }
        }

        return (y, gx);
    }
}
