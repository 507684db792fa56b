namespace Research.Tensors.Kernels;

/// <summary>Which GEMM micro-kernel family to run; tests force the narrower ones on wide hardware.</summary>
internal enum GemmPath
{
    /// <summary>The widest the hardware supports.</summary>
    Auto,

    /// <summary>AVX-512 tiles (6 × 64).</summary>
    Vector512,

    /// <summary>AVX2/FMA tiles (6 × 16).</summary>
    Vector256,

    /// <summary>Portable scalar loops (no SIMD FMA available).</summary>
    Scalar,
}
