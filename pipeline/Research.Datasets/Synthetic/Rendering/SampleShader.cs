using System.Runtime.InteropServices;

namespace Research.Datasets.Synthetic.Rendering;

/// <summary>Turns a visibility buffer into pixel colours: shades every sample and averages each pixel's samples.</summary>
internal static class SampleShader
{
    /// <summary>
    /// Writes RGB floats per pixel into <paramref name="rgb"/>; samples where nothing was drawn take the pixel's
    /// colour from <paramref name="background"/> (RGB bytes, pixel resolution).
    /// </summary>
    public static void Resolve(RasterMesh mesh, RasterTarget target, byte[] background, float[] rgb)
    {
        var s = target.SamplesPerAxis;
        var width = target.Width;
        var sampleWidth = target.SampleWidth;
        var triangles = CollectionsMarshal.AsSpan(target.RasterTriangles);
        var clipWeights = CollectionsMarshal.AsSpan(target.ClipWeightList);
        var ids = target.Ids;
        var inverse = 1f / (s * s);
        for (var y = 0; y < target.Height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pixel = (y * width) + x;
                float r = 0, g = 0, b = 0;
                for (var sy = 0; sy < s; sy++)
                {
                    for (var sx = 0; sx < s; sx++)
                    {
                        var gx = (x * s) + sx;
                        var gy = (y * s) + sy;
                        var id = ids[(gy * sampleWidth) + gx];
                        if (id < 0)
                        {
                            r += background[pixel * 3] / 255f;
                            g += background[(pixel * 3) + 1] / 255f;
                            b += background[(pixel * 3) + 2] / 255f;
                            continue;
                        }

                        var c = ShadeSample(mesh, in triangles[id], clipWeights, gx, gy);
                        r += c.R;
                        g += c.G;
                        b += c.B;
                    }
                }

                rgb[pixel * 3] = r * inverse;
                rgb[(pixel * 3) + 1] = g * inverse;
                rgb[(pixel * 3) + 2] = b * inverse;
            }
        }
    }

    private static RgbColor ShadeSample(RasterMesh mesh, in RasterTriangle t, ReadOnlySpan<float> clipWeights, int gx, int gy)
    {
        double px = gx * TriangleSetup.One, py = gy * TriangleSetup.One;
        var e0 = ((double)(t.X2 - t.X1) * (py - t.Y1)) - ((double)(t.Y2 - t.Y1) * (px - t.X1));
        var e1 = ((double)(t.X0 - t.X2) * (py - t.Y2)) - ((double)(t.Y0 - t.Y2) * (px - t.X2));
        var e2 = ((double)(t.X1 - t.X0) * (py - t.Y0)) - ((double)(t.Y1 - t.Y0) * (px - t.X0));
        var p0 = e0 * t.InvDepth0;
        var p1 = e1 * t.InvDepth1;
        var p2 = e2 * t.InvDepth2;
        var sum = p0 + p1 + p2;
        double b0 = p0 / sum, b1 = p1 / sum, b2 = p2 / sum;
        if (t.ClipWeights >= 0)
        {
            var w = clipWeights.Slice(t.ClipWeights, 9);
            (b0, b1, b2) = (
                (b0 * w[0]) + (b1 * w[3]) + (b2 * w[6]),
                (b0 * w[1]) + (b1 * w[4]) + (b2 * w[7]),
                (b0 * w[2]) + (b1 * w[5]) + (b2 * w[8]));
        }

        var tri = t.Source * 3;
        var v0 = mesh.Triangles[tri] * 4;
        var v1 = mesh.Triangles[tri + 1] * 4;
        var v2 = mesh.Triangles[tri + 2] * 4;
        var shading = mesh.Shading;
        var material = mesh.Materials[mesh.TriangleMaterials[t.Source]];
        var lr = (b0 * shading[v0]) + (b1 * shading[v1]) + (b2 * shading[v2]);
        var lg = (b0 * shading[v0 + 1]) + (b1 * shading[v1 + 1]) + (b2 * shading[v2 + 1]);
        var lb = (b0 * shading[v0 + 2]) + (b1 * shading[v1 + 2]) + (b2 * shading[v2 + 2]);
        var spec = material.Specular * ((b0 * shading[v0 + 3]) + (b1 * shading[v1 + 3]) + (b2 * shading[v2 + 3]));
        return new RgbColor(
            (float)((material.Albedo.R * lr) + spec),
            (float)((material.Albedo.G * lg) + spec),
            (float)((material.Albedo.B * lb) + spec));
    }
}
