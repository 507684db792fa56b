namespace Research.Tensors.Nn;

/// <summary>How an attention mask is read.</summary>
public enum AttentionMaskKind
{
    /// <summary>Values are added to the attention scores before the softmax (−∞ blocks a position).</summary>
    Additive = 0,

    /// <summary>Boolean-like: non-zero means "may attend", zero blocks (<c>scaled_dot_product_attention</c>'s bool mask).</summary>
    AllowNonZero = 1,

    /// <summary>Boolean-like: non-zero blocks, zero means "may attend" (<c>nn.MultiheadAttention</c>'s bool attn_mask).</summary>
    BlockNonZero = 2,
}
