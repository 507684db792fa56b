using System.Globalization;
using System.Text.Json;
using Research.Methods.TalkingGaussian.Networks;
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
/// <c>mouth_motion.&lt;…&gt;</c>) plus <c>model.json</c> (SH degrees and network options).
/// </summary>
internal sealed class TalkingGaussianModel
{
    public const string TensorsFile = "model.safetensors";
    public const string InfoFile = "model.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public TalkingGaussianModel(GaussianModel face, FaceMotionNetwork<float> faceMotion, GaussianModel mouth, MouthMotionNetwork<float> mouthMotion)
    {
        Face = face;
        FaceMotion = faceMotion;
        Mouth = mouth;
        MouthMotion = mouthMotion;
    }

    public GaussianModel Face { get; }

    public FaceMotionNetwork<float> FaceMotion { get; }

    public GaussianModel Mouth { get; }

    public MouthMotionNetwork<float> MouthMotion { get; }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var tensors = new List<SafetensorsTensor>();
        AddGaussians(tensors, "face", Face);
        AddGaussians(tensors, "mouth", Mouth);
        AddModule(tensors, "face_motion", FaceMotion);
        AddModule(tensors, "mouth_motion", MouthMotion);
        SafetensorsFile.Write(Path.Combine(directory, TensorsFile), tensors);
        var info = new ModelInfo(
            Face.MaxShDegree,
            Face.ActiveShDegree,
            Mouth.ActiveShDegree,
            FaceMotion.Options.AudioInputChannels,
            FaceMotion.Options.RegionAttention,
            Face.Count,
            Mouth.Count);
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, JsonOptions) + "\n");
    }

    public static TalkingGaussianModel Load(string directory)
    {
        var infoPath = Path.Combine(directory, InfoFile);
        var info = JsonSerializer.Deserialize<ModelInfo>(File.ReadAllText(infoPath), JsonOptions)
            ?? throw new InvalidDataException($"{infoPath}: empty model description.");
        var document = SafetensorsFile.Read(Path.Combine(directory, TensorsFile));
        var face = ReadGaussians(document, "face", info.MaxShDegree, info.FaceShDegree);
        var mouth = ReadGaussians(document, "mouth", info.MaxShDegree, info.MouthShDegree);
        var options = new MotionNetworkOptions { AudioInputChannels = info.AudioChannels, RegionAttention = info.RegionAttention };
        var faceMotion = new FaceMotionNetwork<float>(options, 0);
        var mouthMotion = new MouthMotionNetwork<float>(options, 0);
        ReadModule(document, "face_motion", faceMotion);
        ReadModule(document, "mouth_motion", mouthMotion);
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

    private sealed record ModelInfo(int MaxShDegree, int FaceShDegree, int MouthShDegree, int AudioChannels, bool RegionAttention, int FaceCount, int MouthCount);
}
