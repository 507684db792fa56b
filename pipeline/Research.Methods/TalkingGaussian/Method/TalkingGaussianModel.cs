using System.Globalization;
using System.Text.Json;
using Research.Methods.TalkingGaussian.Networks;
using Research.Pipeline.Configuration;
using Research.Media.IO;
using Research.Splatting.Gaussians;
using Research.Splatting.Ply;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Nn;
using Research.Tensors.Serialization;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// A trained TalkingGaussian model: the face and inside-mouth Gaussian fields with their motion networks. Saved as
/// <c>model.safetensors</c> (tensors <c>face.xyz</c>, <c>face.f_dc</c>, … and <c>face_motion.&lt;state-dict name&gt;</c>,
/// <c>mouth_motion.&lt;…&gt;</c>) plus <c>model.json</c> (SH degrees and network options). The <c>no-decomposition</c>
/// ablation has no mouth branch (<see cref="Mouth"/> and <see cref="MouthMotion"/> null, no <c>mouth*</c> tensors,
/// <c>mouth_branch: false</c>); files written before these fields existed load as tri-plane models with a mouth.
/// </summary>
internal sealed class TalkingGaussianModel
{
    public const string TensorsFile = "model.safetensors";
    public const string InfoFile = "model.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public TalkingGaussianModel(GaussianModel face, FaceMotionNetwork<float> faceMotion, GaussianModel? mouth, MouthMotionNetwork<float>? mouthMotion)
    {
        if ((mouth is null) != (mouthMotion is null))
        {
            throw new ArgumentException("TalkingGaussianModel: the mouth Gaussians and the mouth motion network must both be given or both be null.", nameof(mouthMotion));
        }

        Face = face;
        FaceMotion = faceMotion;
        Mouth = mouth;
        MouthMotion = mouthMotion;
    }

    public GaussianModel Face { get; }

    public FaceMotionNetwork<float> FaceMotion { get; }

    /// <summary>Inside-mouth Gaussians; null in the no-decomposition ablation.</summary>
    public GaussianModel? Mouth { get; }

    /// <summary>Inside-mouth motion network; null in the no-decomposition ablation.</summary>
    public MouthMotionNetwork<float>? MouthMotion { get; }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var tensors = new List<SafetensorsTensor>();
        AddGaussians(tensors, "face", Face);
        if (Mouth is not null)
        {
            AddGaussians(tensors, "mouth", Mouth);
        }

        AddModule(tensors, "face_motion", FaceMotion);
        if (MouthMotion is not null)
        {
            AddModule(tensors, "mouth_motion", MouthMotion);
        }

        SafetensorsFile.Write(Path.Combine(directory, TensorsFile), tensors);
        var info = new ModelInfo(
            Face.MaxShDegree,
            Face.ActiveShDegree,
            Mouth?.ActiveShDegree ?? 0,
            FaceMotion.Options.AudioInputChannels,
            FaceMotion.Options.RegionAttention,
            Face.Count,
            Mouth?.Count ?? 0,
            ConfigNaming.ToKebabCase(FaceMotion.Options.Encoder.ToString()),
            Mouth is not null);
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, JsonOptions) + "\n");
    }

    public static TalkingGaussianModel Load(string directory)
    {
        var infoPath = Path.Combine(directory, InfoFile);
        var info = JsonSerializer.Deserialize<ModelInfo>(File.ReadAllText(infoPath), JsonOptions)
            ?? throw new InvalidDataException($"{infoPath}: empty model description.");
        var document = SafetensorsFile.Read(Path.Combine(directory, TensorsFile));
        var face = ReadGaussians(document, "face", info.MaxShDegree, info.FaceShDegree);
        var hasMouth = info.MouthBranch ?? true;
        var mouth = hasMouth ? ReadGaussians(document, "mouth", info.MaxShDegree, info.MouthShDegree) : null;
        var encoder = info.Encoder switch
        {
            null or "tri-plane" => PositionEncoderKind.TriPlane,
            "hash-grid" => PositionEncoderKind.HashGrid,
            _ => throw new InvalidDataException($"{infoPath}: unknown encoder '{info.Encoder}' (known: tri-plane, hash-grid)."),
        };
        var options = new MotionNetworkOptions { AudioInputChannels = info.AudioChannels, RegionAttention = info.RegionAttention, Encoder = encoder };
        var faceMotion = new FaceMotionNetwork<float>(options, 0);
        var mouthMotion = hasMouth ? new MouthMotionNetwork<float>(options, 0) : null;
        ReadModule(document, "face_motion", faceMotion);
        if (mouthMotion is not null)
        {
            ReadModule(document, "mouth_motion", mouthMotion);
        }

        return new TalkingGaussianModel(face, faceMotion, mouth, mouthMotion);
    }

    private static void AddGaussians(List<SafetensorsTensor> tensors, string prefix, GaussianModel model)
    {
        foreach (var (name, tensor) in GaussianTensors(model))
        {
            tensors.Add(SafetensorsTensor.FromFloat32(prefix + "." + name, tensor.ToArray(), tensor.Shape));
        }
    }

    private static IEnumerable<(string Name, Tensor<float> Tensor)> GaussianTensors(GaussianModel model) =>
    [
        ("xyz", model.Means), ("f_dc", model.FeaturesDc), ("f_rest", model.FeaturesRest),
        ("opacity", model.RawOpacities), ("scaling", model.RawScales), ("rotation", model.Rotations),
    ];

    private static void AddModule(List<SafetensorsTensor> tensors, string prefix, Module<float> module)
    {
        foreach (var (name, tensor) in module.NamedParameters())
        {
            tensors.Add(SafetensorsTensor.FromFloat32(prefix + "." + name, tensor.ToArray(), tensor.Shape));
        }
    }

    private static GaussianModel ReadGaussians(SafetensorsDocument document, string prefix, int maxShDegree, int activeShDegree)
    {
        float[] Get(string name) => document[prefix + "." + name].ToFloat32();
        var count = document[prefix + ".xyz"].Shape[0];
        var model = GaussianModel.FromPlyData(
            new GaussianPlyData(count, maxShDegree, Get("xyz"), Get("f_dc"), Get("f_rest"), Get("opacity"), Get("scaling"), Get("rotation")),
            ScaleActivation.Softplus);
        // FromPlyData activates every stored degree; restore the degree training had reached.
        model.SetActiveShDegree(activeShDegree);
        return model;
    }

    private static void ReadModule(SafetensorsDocument document, string prefix, Module<float> module)
    {
        foreach (var (name, tensor) in module.NamedParameters())
        {
            var stored = document[prefix + "." + name];
            if (!stored.Shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{prefix}.{name}: stored shape [{string.Join(", ", stored.Shape)}] differs from the network's [{string.Join(", ", tensor.Shape)}]."));
            }

            stored.ToFloat32().CopyTo(CustomOp.Data(tensor));
        }
    }

    // Encoder (kebab-case PositionEncoderKind) and MouthBranch are absent from older files: null = tri-plane, with mouth.
    private sealed record ModelInfo(int MaxShDegree, int FaceShDegree, int MouthShDegree, int AudioChannels, bool RegionAttention, int FaceCount, int MouthCount, string? Encoder = null, bool? MouthBranch = null);
}
