using System.Numerics;
using Research.Encoders.HashGrid;
using Research.Encoders.TriPlane;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// TalkingGaussian mouth motion network (official <c>MouthMotionNetwork</c>; notes §2.6): translation only,
/// Δμ = MLP(68→32→32→3)(concat(H_mouth(μ), enc_a))·0.01 with x and z further divided by 5. Children in the official
/// order and names: <c>audio_net</c>, <c>audio_att_net</c>, <c>encoder_xy</c>, <c>encoder_yz</c>, <c>encoder_xz</c>,
/// <c>sigma_net</c>, <c>aud_ch_att_net</c> (built and registered but unused, as in the official code).
/// With <see cref="MotionNetworkOptions.Encoder"/> = <see cref="PositionEncoderKind.HashGrid"/> (the <c>hash-grid</c>
/// ablation) the three planes are replaced by one child <c>encoder_xyz</c> (a 3-D hash grid of the same 36-d width).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MouthMotionNetwork<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Factor applied to the translation.</summary>
    public const double PositionScale = 0.01;

    /// <summary>Extra divisor of the x and z translation (effective scale 0.002).</summary>
    public const double LateralDivisor = 5;

    private readonly TriPlaneEncoder<T>? encoder;
    private readonly HashGridEncoder3d<T>? hashEncoder;
    private readonly Tensor<T> divisor;

    /// <summary>Creates the network, drawing the parameters from <paramref name="rng"/> in registration order.</summary>
    /// <remarks><see cref="MotionNetworkOptions.RegionAttention"/> is ignored: the mouth branch has no attention.</remarks>
    public MouthMotionNetwork(MotionNetworkOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        Options = options;
        AudioNet = RegisterModule("audio_net", new AudioNet<T>(options.AudioInputChannels, rng, options.AudioWidth));
        AudioAttNet = RegisterModule("audio_att_net", new AudioAttNet<T>(rng, options.AudioWidth, options.AudioWindow));
        int inDim;
        if (options.Encoder == PositionEncoderKind.HashGrid)
        {
            // hash-grid ablation: one 3-D grid in the planes' place (encoder_xyz.embeddings).
            hashEncoder = RegisterModule("encoder_xyz", new HashGridEncoder3d<T>(options.HashGrid ?? HashGridLevels.Mouth(), rng));
            inDim = hashEncoder.OutputWidth;
        }
        else
        {
            // The planes are registered directly (not under a child) so the names are encoder_xy.embeddings etc.
            encoder = new TriPlaneEncoder<T>(options.Grid ?? GridLevels.Mouth(), rng);
            RegisterModule("encoder_xy", encoder.Xy);
            RegisterModule("encoder_yz", encoder.Yz);
            RegisterModule("encoder_xz", encoder.Xz);
            inDim = encoder.OutputWidth;
        }
        Decoder = RegisterModule("sigma_net", new Mlp<T>(inDim + options.AudioWidth, 3, 32, 3, rng));
        UnusedAudioAttention = RegisterModule("aud_ch_att_net", new Mlp<T>(inDim, options.AudioWidth, 32, 2, rng));
        var one = T.One;
        var five = T.CreateChecked(LateralDivisor);
        divisor = Tensor.FromArray([five, one, five], 1, 3);
    }

    /// <summary>Creates the network from a fresh <see cref="Rng"/> seeded with <paramref name="seed"/>.</summary>
    public MouthMotionNetwork(MotionNetworkOptions options, ulong seed)
        : this(options, new Rng(seed))
    {
    }

    /// <summary>Construction options.</summary>
    public MotionNetworkOptions Options { get; }

    /// <summary>Per-frame audio encoder (<c>audio_net</c>).</summary>
    public AudioNet<T> AudioNet { get; }

    /// <summary>Temporal audio attention (<c>audio_att_net</c>).</summary>
    public AudioAttNet<T> AudioAttNet { get; }

    /// <summary>Tri-plane encoder H_mouth (planes <c>encoder_xy</c>, <c>encoder_yz</c>, <c>encoder_xz</c>).</summary>
    /// <exception cref="InvalidOperationException">The network uses the hash-grid encoder (see <see cref="HashEncoder"/>).</exception>
    public TriPlaneEncoder<T> PositionEncoder => encoder ?? throw new InvalidOperationException("MouthMotionNetwork: this network uses the hash-grid encoder (HashEncoder), not tri-planes.");

    /// <summary>The 3-D hash grid encoder (<c>encoder_xyz</c>) of the <c>hash-grid</c> ablation; null with tri-planes.</summary>
    public HashGridEncoder3d<T>? HashEncoder => hashEncoder;

    /// <summary>The position encoder in use (tri-plane or hash grid), [N, 3] → [N, 36].</summary>
    public ILayer<T> Encoder => (ILayer<T>?)hashEncoder ?? encoder!;

    /// <summary>Decoder MLP(68→32→32→3) (<c>sigma_net</c>).</summary>
    public Mlp<T> Decoder { get; }

    /// <summary>MLP(36→32→32) (<c>aud_ch_att_net</c>): registered and optimised but never used in the forward pass.</summary>
    public Mlp<T> UnusedAudioAttention { get; }

    /// <summary>enc_a [1, D] = AudioAttNet(AudioNet(audio)) for an audio window [S, C_in, W].</summary>
    public Tensor<T> EncodeAudio(Tensor<T> audio) => AudioAttNet.Forward(AudioNet.Forward(audio));

    /// <summary>Δμ [N, 3] for canonical positions [N, 3] and an audio window [S, C_in, W].</summary>
    public Tensor<T> Forward(Tensor<T> positions, Tensor<T> audio) => ForwardEncoded(positions, EncodeAudio(audio));

    /// <summary>Δμ [N, 3] for canonical positions [N, 3] and a precomputed enc_a [1, D].</summary>
    public Tensor<T> ForwardEncoded(Tensor<T> positions, Tensor<T> encodedAudio)
    {
        MotionMath.CheckPositions(positions, "MouthMotionNetwork");
        ArgumentNullException.ThrowIfNull(encodedAudio);
        if (encodedAudio.Shape[^1] != Options.AudioWidth)
        {
            throw new ArgumentException($"MouthMotionNetwork: encoded audio {MotionMath.FormatShape(encodedAudio.Shape)} must have width {Options.AudioWidth}.", nameof(encodedAudio));
        }

        var encX = Encoder.Forward(positions);
        var h = Tensor.Concat([encX, MotionMath.RepeatRows(encodedAudio, positions.Shape[0], "MouthMotionNetwork")], 1);

        // Official: d = h·1e-2, then d[:, 0] /= 5 and d[:, 2] /= 5 (y divided by 1 is exact).
        return Decoder.Forward(h).Mul(T.CreateChecked(PositionScale)).Div(divisor);
    }
}
