using Research.Encoders.HashGrid;
using Research.Encoders.TriPlane;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// Construction options of <see cref="FaceMotionNetwork{T}"/> and <see cref="MouthMotionNetwork{T}"/>.
/// </summary>
public sealed record MotionNetworkOptions
{
    /// <summary>Name of the ablation variant that replaces region attention by plain concatenation.</summary>
    public const string NoRegionAttentionVariant = "no-region-attention";

    /// <summary>Name of the ablation variant that replaces the tri-plane encoder by a 3-D hash grid.</summary>
    public const string HashGridVariant = "hash-grid";

    /// <summary>Audio feature channels C_in: 29 DeepSpeech (default), 44 Esperanto, 1024 HuBERT.</summary>
    public int AudioInputChannels { get; init; } = 29;

    /// <summary>Audio encoding width (official <c>audio_dim</c> = 32).</summary>
    public int AudioWidth { get; init; } = 32;

    /// <summary>Frames in the audio attention window (official <c>seq_len</c> = 8).</summary>
    public int AudioWindow { get; init; } = 8;

    /// <summary>
    /// Tri-plane level table; null selects the branch default (<see cref="GridLevels.Face"/> or
    /// <see cref="GridLevels.Mouth"/>). Smaller tables are for tests.
    /// </summary>
    public GridLevels? Grid { get; init; }

    /// <summary>
    /// Position encoder: <see cref="PositionEncoderKind.TriPlane"/> (the paper) or <see cref="PositionEncoderKind.HashGrid"/>
    /// (the <c>hash-grid</c> ablation; child <c>encoder_xyz</c> with parameter <c>embeddings</c>, no planes).
    /// </summary>
    public PositionEncoderKind Encoder { get; init; } = PositionEncoderKind.TriPlane;

    /// <summary>
    /// Hash grid level table when <see cref="Encoder"/> is <see cref="PositionEncoderKind.HashGrid"/>; null selects the
    /// branch default (<see cref="HashGridLevels.Face"/> or <see cref="HashGridLevels.Mouth"/>). Smaller tables are for tests.
    /// </summary>
    public HashGridLevels? HashGrid { get; init; }

    /// <summary>
    /// Face branch only: true (the paper) uses region attention; false is the <c>no-region-attention</c> ablation, where
    /// the decoder sees concat(enc_x, enc_a, e') with the same width 36 + 32 + 6 = 74 and the attention networks
    /// (<c>aud_ch_att_net</c>, <c>eye_att_net</c>) are not created.
    /// </summary>
    public bool RegionAttention { get; init; } = true;

    /// <summary>Options for a named variant: null or empty is the paper's method, "no-region-attention" or "hash-grid" an ablation.</summary>
    /// <exception cref="ArgumentException">The variant name is unknown.</exception>
    public static MotionNetworkOptions ForVariant(string? variant, int audioInputChannels = 29) => variant switch
    {
        null or "" => new MotionNetworkOptions { AudioInputChannels = audioInputChannels },
        NoRegionAttentionVariant => new MotionNetworkOptions { AudioInputChannels = audioInputChannels, RegionAttention = false },
        HashGridVariant => new MotionNetworkOptions { AudioInputChannels = audioInputChannels, Encoder = PositionEncoderKind.HashGrid },
        _ => throw new ArgumentException($"MotionNetworkOptions: unknown variant '{variant}' (known: '{NoRegionAttentionVariant}', '{HashGridVariant}').", nameof(variant)),
    };
}
