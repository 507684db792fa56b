using System.Numerics;
using Research.Encoders.HashGrid;
using Research.Encoders.TriPlane;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// TalkingGaussian face motion network (official <c>MotionNetwork</c>, <c>scene/motion_net.py</c>; notes §2.5).
/// Per Gaussian: enc_x = tri-plane H(μ) (36-d), enc_a = AudioAttNet(AudioNet(a)) (32-d), e = 6 AUs;
/// a_att = MLP(36→32→32)(enc_x), enc_w = enc_a ⊙ a_att; e_att = ReLU(MLP(36→16→6)(enc_x));
/// e' = concat(MLP(5→16→5)(e[0:5]), e[5]), enc_e = e' ⊙ e_att; out = MLP(74→64→64→11)(concat(enc_x, enc_w, enc_e)).
/// Children in the official order and names: <c>audio_net</c>, <c>audio_att_net</c>, <c>encoder_xy</c>,
/// <c>encoder_yz</c>, <c>encoder_xz</c>, <c>exp_encode_net</c>, <c>eye_att_net</c>, <c>sigma_net</c>,
/// <c>aud_ch_att_net</c>. All MLPs are bias-free with ReLU between layers.
/// With <see cref="MotionNetworkOptions.Encoder"/> = <see cref="PositionEncoderKind.HashGrid"/> (the <c>hash-grid</c>
/// ablation) the three planes are replaced by one child <c>encoder_xyz</c> (a 3-D hash grid of the same 36-d width).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class FaceMotionNetwork<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of AU inputs (5 expression AUs + AU45 blink).</summary>
    public const int ExpressionWidth = 6;

    /// <summary>Decoder output width: Δμ 3, Δq 4, Δo 1, Δs 3.</summary>
    public const int OutputWidth = 11;

    /// <summary>Factor applied to the position offset.</summary>
    public const double PositionScale = 0.01;

    private readonly TriPlaneEncoder<T>? encoder;
    private readonly HashGridEncoder3d<T>? hashEncoder;

    /// <summary>Creates the network, drawing the parameters from <paramref name="rng"/> in registration order.</summary>
    public FaceMotionNetwork(MotionNetworkOptions options, Rng rng)
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
            hashEncoder = RegisterModule("encoder_xyz", new HashGridEncoder3d<T>(options.HashGrid ?? HashGridLevels.Face(), rng));
            inDim = hashEncoder.OutputWidth;
        }
        else
        {
            // The planes are registered directly (not under a child) so the names are encoder_xy.embeddings etc.
            encoder = new TriPlaneEncoder<T>(options.Grid ?? GridLevels.Face(), rng);
            RegisterModule("encoder_xy", encoder.Xy);
            RegisterModule("encoder_yz", encoder.Yz);
            RegisterModule("encoder_xz", encoder.Xz);
            inDim = encoder.OutputWidth;
        }

        ExpressionEncoder = RegisterModule("exp_encode_net", new Mlp<T>(ExpressionWidth - 1, ExpressionWidth - 1, 16, 2, rng));
        ExpressionAttention = options.RegionAttention ? RegisterModule("eye_att_net", new Mlp<T>(inDim, ExpressionWidth, 16, 2, rng)) : null;
        Decoder = RegisterModule("sigma_net", new Mlp<T>(inDim + options.AudioWidth + ExpressionWidth, OutputWidth, 64, 3, rng));
        AudioAttention = options.RegionAttention ? RegisterModule("aud_ch_att_net", new Mlp<T>(inDim, options.AudioWidth, 32, 2, rng)) : null;
    }

    /// <summary>Creates the network from a fresh <see cref="Rng"/> seeded with <paramref name="seed"/>.</summary>
    public FaceMotionNetwork(MotionNetworkOptions options, ulong seed)
        : this(options, new Rng(seed))
    {
    }

    /// <summary>Construction options.</summary>
    public MotionNetworkOptions Options { get; }

    /// <summary>Per-frame audio encoder (<c>audio_net</c>).</summary>
    public AudioNet<T> AudioNet { get; }

    /// <summary>Temporal audio attention (<c>audio_att_net</c>).</summary>
    public AudioAttNet<T> AudioAttNet { get; }

    /// <summary>Tri-plane encoder H of the canonical positions (planes <c>encoder_xy</c>, <c>encoder_yz</c>, <c>encoder_xz</c>).</summary>
    /// <exception cref="InvalidOperationException">The network uses the hash-grid encoder (see <see cref="HashEncoder"/>).</exception>
    public TriPlaneEncoder<T> PositionEncoder => encoder ?? throw new InvalidOperationException("FaceMotionNetwork: this network uses the hash-grid encoder (HashEncoder), not tri-planes.");

    /// <summary>The 3-D hash grid encoder (<c>encoder_xyz</c>) of the <c>hash-grid</c> ablation; null with tri-planes.</summary>
    public HashGridEncoder3d<T>? HashEncoder => hashEncoder;

    /// <summary>The position encoder in use (tri-plane or hash grid), [N, 3] → [N, 36].</summary>
    public ILayer<T> Encoder => (ILayer<T>?)hashEncoder ?? encoder!;

    /// <summary>AU encoder MLP(5→16→5) (<c>exp_encode_net</c>).</summary>
    public Mlp<T> ExpressionEncoder { get; }

    /// <summary>Expression region attention MLP(36→16→6) before ReLU (<c>eye_att_net</c>); null without region attention.</summary>
    public Mlp<T>? ExpressionAttention { get; }

    /// <summary>Decoder MLP(74→64→64→11) (<c>sigma_net</c>).</summary>
    public Mlp<T> Decoder { get; }

    /// <summary>Audio region attention MLP(36→32→32) (<c>aud_ch_att_net</c>); null without region attention.</summary>
    public Mlp<T>? AudioAttention { get; }

    /// <summary>Decoder input width: 36 + 32 + 6 = 74 in both variants.</summary>
    public int DecoderInputWidth => Decoder.InputWidth;

    /// <summary>enc_a [1, D] = AudioAttNet(AudioNet(audio)) for an audio window [S, C_in, W] (official <c>encode_audio</c>).</summary>
    public Tensor<T> EncodeAudio(Tensor<T> audio) => AudioAttNet.Forward(AudioNet.Forward(audio));

    /// <summary>Motion for canonical positions [N, 3], an audio window [S, C_in, W] and the frame's AUs [6] (or [1, 6]).</summary>
    public FaceMotion<T> Forward(Tensor<T> positions, Tensor<T> audio, Tensor<T> expression) => ForwardEncoded(positions, EncodeAudio(audio), expression);

    /// <summary>Motion for canonical positions [N, 3], a precomputed enc_a [1, D] and the frame's AUs [6] (or [1, 6]).</summary>
    public FaceMotion<T> ForwardEncoded(Tensor<T> positions, Tensor<T> encodedAudio, Tensor<T> expression)
    {
        MotionMath.CheckPositions(positions, "FaceMotionNetwork");
        ArgumentNullException.ThrowIfNull(encodedAudio);
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.ElementCount != ExpressionWidth || expression.Rank > 2)
        {
            throw new ArgumentException($"FaceMotionNetwork: expression {MotionMath.FormatShape(expression.Shape)} must be [{ExpressionWidth}] or [1, {ExpressionWidth}].", nameof(expression));
        }

        if (encodedAudio.Shape[^1] != Options.AudioWidth)
        {
            throw new ArgumentException($"FaceMotionNetwork: encoded audio {MotionMath.FormatShape(encodedAudio.Shape)} must have width {Options.AudioWidth}.", nameof(encodedAudio));
        }

        var n = positions.Shape[0];
        var encX = Encoder.Forward(positions);
        var encA = MotionMath.RepeatRows(encodedAudio, n, "FaceMotionNetwork");
        var e = expression.Reshape(1, ExpressionWidth);
        var ePrime = Tensor.Concat([ExpressionEncoder.Forward(e.Narrow(1, 0, ExpressionWidth - 1)), e.Narrow(1, ExpressionWidth - 1, 1)], 1);

        Tensor<T> h;
        Tensor<T>? audNorm = null, eyeNorm = null;
        if (AudioAttention is not null && ExpressionAttention is not null)
        {
            var aAtt = AudioAttention.Forward(encX);
            var encW = encA.Mul(aAtt);
            var eAtt = ExpressionAttention.Forward(encX).Relu();
            var encE = ePrime.Mul(eAtt);
            h = Tensor.Concat([encX, encW, encE], 1);
            audNorm = MotionMath.RowNorm(aAtt);
            eyeNorm = MotionMath.RowNorm(eAtt);
        }
        else
        {
            h = Tensor.Concat([encX, encA, ePrime.Expand(n, ExpressionWidth)], 1);
        }

        var o = Decoder.Forward(h);
        return new FaceMotion<T>(
            o.Narrow(1, 0, 3).Mul(T.CreateChecked(PositionScale)),
            o.Narrow(1, 3, 4),
            o.Narrow(1, 7, 1),
            o.Narrow(1, 8, 3),
            audNorm,
            eyeNorm);
    }
}
