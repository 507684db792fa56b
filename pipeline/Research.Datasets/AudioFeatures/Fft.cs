namespace Research.Datasets.AudioFeatures;

/// <summary>
/// In-place iterative radix-2 decimation-in-time complex FFT with precomputed twiddles, in double precision.
/// Forward transform convention: X[k] = Σₙ x[n]·e^(−2πi·k·n/N), unscaled. Instances hold scratch buffers and are
/// not thread-safe.
/// </summary>
public sealed class Fft
{
    private readonly int[] bitReversed;
    private readonly double[] cosTable;
    private readonly double[] sinTable;
    private readonly double[] scratchReal;
    private readonly double[] scratchImaginary;

    /// <summary>Prepares a transform of the given length, a power of two ≥ 2.</summary>
    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two >= 2.");
        }

        Size = size;
        var bits = int.Log2(size);
        bitReversed = new int[size];
        for (var i = 0; i < size; i++)
        {
            var reversed = 0;
            for (var b = 0; b < bits; b++)
            {
                reversed |= ((i >> b) & 1) << (bits - 1 - b);
            }

            bitReversed[i] = reversed;
        }

        // Direct cos/sin per entry rather than a recurrence, so twiddle error does not accumulate.
        cosTable = new double[size / 2];
        sinTable = new double[size / 2];
        for (var k = 0; k < size / 2; k++)
        {
            var angle = -2 * Math.PI * k / size;
            cosTable[k] = Math.Cos(angle);
            sinTable[k] = Math.Sin(angle);
        }

        scratchReal = new double[size];
        scratchImaginary = new double[size];
    }

    /// <summary>Transform length N.</summary>
    public int Size { get; }

    /// <summary>Forward transform in place; both spans must have length <see cref="Size"/>.</summary>
    public void Forward(Span<double> real, Span<double> imaginary)
    {
        if (real.Length != Size || imaginary.Length != Size)
        {
            throw new ArgumentException($"Both spans must have length {Size} (got {real.Length} and {imaginary.Length}).", nameof(real));
        }

        for (var i = 0; i < Size; i++)
        {
            var j = bitReversed[i];
            if (j > i)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i]);
            }
        }

        for (var length = 2; length <= Size; length <<= 1)
        {
            var half = length / 2;
            var stride = Size / length;
            for (var start = 0; start < Size; start += length)
            {
                for (var j = 0; j < half; j++)
                {
                    var wr = cosTable[j * stride];
                    var wi = sinTable[j * stride];
                    var a = start + j;
                    var b = a + half;
                    var tr = (wr * real[b]) - (wi * imaginary[b]);
                    var ti = (wr * imaginary[b]) + (wi * real[b]);
                    real[b] = real[a] - tr;
                    imaginary[b] = imaginary[a] - ti;
                    real[a] += tr;
                    imaginary[a] += ti;
                }
            }
        }
    }

    /// <summary>
    /// Power spectrum |X[k]|² for k = 0 … N/2 of a real frame zero-padded to N.
    /// <paramref name="frame"/> may be shorter than N; <paramref name="power"/> must have length N/2 + 1.
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<double> frame, Span<double> power)
    {
        if (frame.Length > Size)
        {
            throw new ArgumentException($"Frame of {frame.Length} samples exceeds FFT size {Size}.", nameof(frame));
        }

        if (power.Length != (Size / 2) + 1)
        {
            throw new ArgumentException($"Power spectrum needs {(Size / 2) + 1} bins, got {power.Length}.", nameof(power));
        }

        frame.CopyTo(scratchReal);
        scratchReal.AsSpan(frame.Length).Clear();
        scratchImaginary.AsSpan().Clear();
        Forward(scratchReal, scratchImaginary);
        for (var k = 0; k < power.Length; k++)
        {
            power[k] = (scratchReal[k] * scratchReal[k]) + (scratchImaginary[k] * scratchImaginary[k]);
        }
    }
}
