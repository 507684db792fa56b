namespace Research.Tensors.Kernels;

/// <summary>
/// An index map for a GEMM operand whose reduction index p is not a plain stride: p = (outer, inner) with
/// <c>Run</c> inner values per outer value, at element offset outer · <c>Outer</c> + inner · <c>Inner</c>. A
/// convolution's weights [out, c, kh, kw] seen as [out, (c, kw)] for one kh (run = kW, outer = taps, inner = 1), or a
/// zero-padded input seen as rows (c, kw) shifted by kw (run = kW, outer = channel plane, inner = dilation), are such
/// operands, read in place instead of regrouped or copied per tap.
/// </summary>
internal readonly record struct GemmRuns(int Run, long Outer, long Inner)
{
    /// <summary>Element offset of reduction index <paramref name="p"/>.</summary>
    public long Offset(int p) => ((long)(p / Run) * Outer) + ((long)(p % Run) * Inner);
}
