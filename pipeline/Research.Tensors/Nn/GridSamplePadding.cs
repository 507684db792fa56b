namespace Research.Tensors.Nn;

/// <summary>How <see cref="Functional.GridSample{T}"/> treats sample points outside the input (PyTorch's <c>padding_mode</c>).</summary>
public enum GridSamplePadding
{
    /// <summary>Pixels outside the input are 0 (<c>"zeros"</c>).</summary>
    Zeros,

    /// <summary>The source coordinate is clamped to the input's edge pixels (<c>"border"</c>).</summary>
    Border,
}
