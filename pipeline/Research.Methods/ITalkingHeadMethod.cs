using Research.Datasets.Prepared;
using Research.Media.Imaging;

namespace Research.Methods;

/// <summary>
/// A talking-head method: trains on the training frames of a dataset into a model folder, then renders any frames
/// from that folder. Both steps must be deterministic for a given seed and thread count.
/// </summary>
public interface ITalkingHeadMethod
{
    /// <summary>Fits the model and writes everything needed to render into <paramref name="modelDirectory"/>.</summary>
    void Train(ITalkingHeadData data, string modelDirectory, MethodContext context);

    /// <summary>Renders <paramref name="frames"/> (by index into <paramref name="data"/>) and hands each image to <paramref name="write"/>.</summary>
    void Render(ITalkingHeadData data, string modelDirectory, IReadOnlyList<int> frames, Action<int, FloatImage> write, MethodContext context);
}
