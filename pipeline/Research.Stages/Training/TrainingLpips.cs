using Research.Metrics.Evaluation;
using Research.Metrics.Lpips;
using Research.Methods;
using Research.Pipeline.Errors;

namespace Research.Stages.Training;

/// <summary>
/// The LPIPS-alex v0.1 weights for methods with LPIPS training terms (<see cref="MethodSpecification.UsesPerceptualLoss"/>),
/// found once per run in the folder of <c>metrics.lpips.weights</c> (the evaluate stage's files; the default folder
/// when unset). Their hashes go into the train stage's cache key, so adding or changing the weights re-trains those
/// methods; the network is loaded on first use and shared by every job.
/// </summary>
public sealed class TrainingLpips
{
    private readonly Lazy<IPerceptualLoss?> loss;

    private TrainingLpips(LpipsWeightFiles files, IReadOnlyList<WeightFile> weights)
    {
        Files = files;
        Weights = weights;
        loss = new Lazy<IPerceptualLoss?>(() => weights.Count == 0 ? null : Load(files, weights));
    }

    /// <summary>What was searched and found.</summary>
    public LpipsWeightFiles Files { get; }

    /// <summary>The trunk and lin files (empty when missing).</summary>
    public IReadOnlyList<WeightFile> Weights { get; }

    /// <summary>Part of the train stage's cache key: the weights' SHA-256 (empty when missing).</summary>
    public object Fingerprint => new { LpipsAlex = Weights.Select(w => w.Sha256).ToArray() };

    /// <summary>Why there is no loss (null when the weights are present): names the folder and the missing files.</summary>
    public string? Missing => Weights.Count > 0 ? null
        : $"no LPIPS weights at {Files.Folder} (missing {string.Join(" and ", Files.Missing.Select(m => m == LpipsPublishedFile.Lin(LpipsNet.Alex) ? "v0.1/" + m.FileName : m.FileName))}; training uses the same LPIPS-alex files as metrics.lpips.weights, see docs/weights.md)";

    /// <summary>The loss, loaded on first call; null when the weights are missing.</summary>
    public IPerceptualLoss? Loss => loss.Value;

    /// <summary>Looks for the AlexNet trunk and v0.1 lin files in <paramref name="folder"/> (null: the default folder) and hashes them.</summary>
    public static TrainingLpips Resolve(string? folder)
    {
        var files = LpipsWeights.Locate(LpipsNet.Alex, folder);
        if (!files.IsComplete)
        {
            return new TrainingLpips(files, []);
        }

        try
        {
            return new TrainingLpips(files, [WeightFile.Describe(files.TrunkPath!), WeightFile.Describe(files.LinPath!)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"Cannot read LPIPS weight file in '{files.Folder}': {e.Message}", e);
        }
    }

    private static LpipsPerceptualLoss Load(LpipsWeightFiles files, IReadOnlyList<WeightFile> weights)
    {
        try
        {
            return new LpipsPerceptualLoss(LpipsNetwork.Load(LpipsNet.Alex, files.TrunkPath!, files.LinPath!), weights);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"Weight file {string.Join(" / ", weights.Select(f => f.Path))} could not be loaded for the LPIPS training terms: {e.Message} See docs/weights.md for the expected files.", e);
        }
    }
}
