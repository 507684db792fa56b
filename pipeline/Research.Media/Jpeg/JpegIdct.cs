using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Research.Media.Jpeg;

/// <summary>
/// The 8×8 inverse DCT in single precision as two separable matrix passes of broadcast multiply-adds on 8-wide
/// vectors: accurate to about 1e-4 of the exact transform (see the reference test), so results differ from an exact
/// IDCT only where a sample sits on a rounding tie.
/// </summary>
internal static class JpegIdct
{
    /// <summary>Basis[k·8 + n] = c(k)/2 · cos((2n+1)kπ/16) with c(0) = 1/√2, c(k) = 1 otherwise.</summary>
    private static readonly float[] Basis = CreateBasis();

    /// <summary>The orthonormal 1-D DCT basis, row k = frequency, column n = sample.</summary>
    public static ReadOnlySpan<float> BasisMatrix => Basis;

    /// <summary>
    /// Transforms dequantised coefficients (natural order) and writes 8×8 samples: level-shifted by +128, rounded half
    /// up and clamped to 0–255.
    /// </summary>
    /// <param name="block">64 coefficients in natural (row-major) order; row = vertical frequency.</param>
    /// <param name="destination">Top-left sample of the block in the plane.</param>
    /// <param name="stride">Bytes per plane row.</param>
    public static void Transform(ReadOnlySpan<float> block, Span<byte> destination, int stride)
    {
        if (block.Length < 64 || destination.Length < (7 * stride) + 8)
        {
            throw new ArgumentException("The block needs 64 coefficients and 8 rows of 8 samples.");
        }

        ref var basis = ref Basis[0];

        // Pass 1 (horizontal): g[v] = Σu F[v][u] · basis[u], one vector per coefficient row; zero rows stay zero.
        Span<Vector256<float>> g = stackalloc Vector256<float>[8];
        for (var v = 0; v < 8; v++)
        {
            var row = block.Slice(v * 8, 8);
            if (IsZero(row))
            {
                g[v] = Vector256<float>.Zero;
                continue;
            }

            var acc = Vector256.Create(row[0]) * LoadRow(ref basis, 0);
            for (var u = 1; u < 8; u++)
            {
                acc += Vector256.Create(row[u]) * LoadRow(ref basis, u);
            }

            g[v] = acc;
        }

        // Pass 2 (vertical): f[y] = Σv basis[v][y] · g[v].
        var offset = Vector256.Create(128.5f);
        var max = Vector256.Create(255.5f);
        Span<Vector256<int>> samples = stackalloc Vector256<int>[8];
        for (var y = 0; y < 8; y++)
        {
            var acc = offset;
            for (var v = 0; v < 8; v++)
            {
                acc += Vector256.Create(Unsafe.Add(ref basis, (v * 8) + y)) * g[v];
            }

            // floor(x + 0.5) clamped: the +0.5 rides in the offset, and after the clamp truncation equals floor.
            samples[y] = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(acc, Vector256<float>.Zero), max));
        }

        // Values are 0–255, so plain narrowing is exact: four rows per byte vector.
        for (var y = 0; y < 8; y += 4)
        {
            var bytes = Vector256.Narrow(
                Vector256.Narrow(samples[y], samples[y + 1]),
                Vector256.Narrow(samples[y + 2], samples[y + 3])).AsUInt64();
            for (var r = 0; r < 4; r++)
            {
                Unsafe.WriteUnaligned(ref destination[(y + r) * stride], bytes.GetElement(r));
            }
        }
    }

    /// <summary>A block with only a DC coefficient is flat: every sample is F[0]/8 + 128, rounded and clamped.</summary>
    public static void TransformDcOnly(float dc, Span<byte> destination, int stride)
    {
        var value = (byte)Math.Clamp((int)MathF.Floor((dc * 0.125f) + 128.5f), 0, 255);
        for (var y = 0; y < 8; y++)
        {
            destination.Slice(y * stride, 8).Fill(value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadRow(ref float basis, int k) =>
        Vector256.LoadUnsafe(ref basis, (nuint)(k * 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsZero(ReadOnlySpan<float> row) =>
        Vector256.Create(row) == Vector256<float>.Zero;

    private static float[] CreateBasis()
    {
        var basis = new float[64];
        for (var k = 0; k < 8; k++)
        {
            var scale = k == 0 ? Math.Sqrt(0.125) : 0.5;
            for (var n = 0; n < 8; n++)
            {
                basis[(k * 8) + n] = (float)(scale * Math.Cos((((2 * n) + 1) * k * Math.PI) / 16));
            }
        }

        return basis;
    }
}
