using System.Runtime.Intrinsics;

namespace Research.Media.Jpeg;

/// <summary>
/// The 8×8 forward DCT in single precision, the transpose of <see cref="JpegIdct"/>: two separable passes of
/// broadcast multiply-adds, followed by quantisation (divide, round half away from zero).
/// </summary>
internal static class JpegFdct
{
    /// <summary>Transposed basis: TransposedBasis[n·8 + k] = Basis[k·8 + n].</summary>
    private static readonly float[] TransposedBasis = CreateTransposed();

    /// <summary>
    /// Transforms 64 level-shifted samples (natural order, row = y) into quantised coefficients (natural order,
    /// row = vertical frequency).
    /// </summary>
    /// <param name="samples">Samples minus 128.</param>
    /// <param name="reciprocals">1 / quantiser for each coefficient, natural order.</param>
    /// <param name="coefficients">Receives the quantised coefficients.</param>
    public static void TransformAndQuantize(ReadOnlySpan<float> samples, ReadOnlySpan<float> reciprocals, Span<int> coefficients)
    {
        if (samples.Length < 64 || reciprocals.Length < 64 || coefficients.Length < 64)
        {
            throw new ArgumentException("A block has 64 samples, quantisers and coefficients.");
        }

        var basis = JpegIdct.BasisMatrix;
        var transposed = TransposedBasis.AsSpan();

        // Pass 1 (horizontal): h[y] = Σx f[y][x] · basisᵀ[x], a vector over horizontal frequency u.
        Span<Vector256<float>> h = stackalloc Vector256<float>[8];
        for (var y = 0; y < 8; y++)
        {
            var row = samples.Slice(y * 8, 8);
            var acc = Vector256<float>.Zero;
            for (var x = 0; x < 8; x++)
            {
                acc += Vector256.Create(row[x]) * Vector256.Create(transposed.Slice(x * 8, 8));
            }

            h[y] = acc;
        }

        // Pass 2 (vertical): F[v] = Σy basis[v][y] · h[y]; then quantise.
        var half = Vector256.Create(0.5f);
        for (var v = 0; v < 8; v++)
        {
            var acc = Vector256<float>.Zero;
            for (var y = 0; y < 8; y++)
            {
                acc += Vector256.Create(basis[(v * 8) + y]) * h[y];
            }

            var scaled = acc * Vector256.Create(reciprocals.Slice(v * 8, 8));
            var magnitude = Vector256.Floor(Vector256.Abs(scaled) + half);
            var rounded = Vector256.ConditionalSelect(Vector256.LessThan(scaled, Vector256<float>.Zero), -magnitude, magnitude);
            Vector256.ConvertToInt32(rounded).CopyTo(coefficients.Slice(v * 8, 8));
        }
    }

    private static float[] CreateTransposed()
    {
        var basis = JpegIdct.BasisMatrix;
        var t = new float[64];
        for (var k = 0; k < 8; k++)
        {
            for (var n = 0; n < 8; n++)
            {
                t[(n * 8) + k] = basis[(k * 8) + n];
            }
        }

        return t;
    }
}
