namespace Research.Tensors.Kernels;

/// <summary>
/// Sizes of a sliding-window op (convolution or pooling) over NC(D)(H)W data, always as three spatial dimensions:
/// 1-D and 2-D ops put size 1 in front (kernel 1, stride 1, padding 0), so one code path serves all ranks.
/// For pooling, <see cref="OutChannels"/> equals <see cref="InChannels"/> and <see cref="Groups"/> is 1.
/// </summary>
internal sealed class WindowGeometry
{
    public WindowGeometry(int batch, int inChannels, int outChannels, int groups, int[] input, int[] kernel, int[] stride, int[] padding, int[] dilation)
    {
        Batch = batch;
        InChannels = inChannels;
        OutChannels = outChannels;
        Groups = groups;
        (ID, IH, IW) = (input[0], input[1], input[2]);
        (KD, KH, KW) = (kernel[0], kernel[1], kernel[2]);
        (SD, SH, SW) = (stride[0], stride[1], stride[2]);
        (PD, PH, PW) = (padding[0], padding[1], padding[2]);
        (DD, DH, DW) = (dilation[0], dilation[1], dilation[2]);
        OD = OutputSize(ID, KD, SD, PD, DD);
        OH = OutputSize(IH, KH, SH, PH, DH);
        OW = OutputSize(IW, KW, SW, PW, DW);
    }

    public int Batch { get; }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Groups { get; }

    public int ID { get; }

    public int IH { get; }

    public int IW { get; }

    public int KD { get; }

    public int KH { get; }

    public int KW { get; }

    public int SD { get; }

    public int SH { get; }

    public int SW { get; }

    public int PD { get; }

    public int PH { get; }

    public int PW { get; }

    public int DD { get; }

    public int DH { get; }

    public int DW { get; }

    public int OD { get; }

    public int OH { get; }

    public int OW { get; }

    /// <summary>Input channels per group.</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Kernel taps per input channel.</summary>
    public int Taps => KD * KH * KW;

    /// <summary>Rows of a group's column matrix (the GEMM reduction length).</summary>
    public int ColumnRows => GroupInChannels * Taps;

    /// <summary>Elements of one input channel plane.</summary>
    public int InputPlane => ID * IH * IW;

    /// <summary>Elements of one output channel plane.</summary>
    public int OutputPlane => OD * OH * OW;

    /// <summary>Output rows (depth × height); a column matrix covers a range of them, each OW wide.</summary>
    public int OutputRows => OD * OH;

    /// <summary>Whether the column matrix of a group is its input slice itself (1×1×1 kernel, stride 1, no padding).</summary>
    public bool IsPointwise => Taps == 1 && SD == 1 && SH == 1 && SW == 1 && PD == 0 && PH == 0 && PW == 0;

    /// <summary>PyTorch's floor((size + 2·pad − dilation·(kernel − 1) − 1) / stride) + 1 (may be ≤ 0 for bad shapes).</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding, int dilation)
    {
        var span = size + (2 * padding) - (dilation * (kernel - 1)) - 1;
        return span < 0 ? 0 : (span / stride) + 1;
    }

    /// <summary>Output columns ow in [lo, hi) whose input column ow·stride + start lies in [0, size).</summary>
    public static (int Lo, int Hi) ValidRange(int start, int stride, int size, int count)
    {
        var lo = start >= 0 ? 0 : (-start + stride - 1) / stride;
        var hi = size - 1 - start < 0 ? 0 : Math.Min(count, ((size - 1 - start) / stride) + 1);
        return (Math.Min(lo, hi), hi);
    }
}
