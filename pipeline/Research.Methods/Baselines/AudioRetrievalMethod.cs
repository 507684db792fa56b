using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Media.Npy;

namespace Research.Methods.Baselines;

/// <summary>
/// Nearest-neighbour lookup on audio: for each frame to render, finds the training frames whose audio feature windows
/// are nearest in Euclidean distance (ties go to the earlier frame) and outputs their mean. An honest lower bound for
/// any audio-driven method: it can only replay mouth shapes it has seen.
/// </summary>
public sealed class AudioRetrievalMethod : ITalkingHeadMethod
{
    /// <summary>Registered name.</summary>
    public const string Name = "audio-retrieval";

    private const string IndexFile = "train_frames.npy";

    /// <summary>Creates the method.</summary>
    public AudioRetrievalMethod(AudioRetrievalOptions options) => Options = options;

    /// <summary>The options.</summary>
    public AudioRetrievalOptions Options { get; }

    /// <inheritdoc />
    public void Train(ITalkingHeadData data, string modelDirectory, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        // The "model" is the list of training frames; their features are read from the dataset at render time.
        NpyFile.Write(Path.Combine(modelDirectory, IndexFile), new NpyArray(data.TrainFrames.ToArray(), [data.TrainFrames.Count]));
        context.Progress.Report(new MethodProgress(1, 1, "indexed"));
    }

    /// <inheritdoc />
    public void Render(ITalkingHeadData data, string modelDirectory, IReadOnlyList<int> frames, Action<int, FloatImage> write, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(context);
        var train = NpyFile.Read(Path.Combine(modelDirectory, IndexFile)).AsInt32();
        var k = Math.Min(Options.Neighbours, train.Length);
        for (var n = 0; n < frames.Count; n++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var nearest = Nearest(data, train, frames[n], k);
            write(frames[n], FrameAverage.Of(data, nearest));
            context.Progress.Report(new MethodProgress(n + 1, frames.Count, "rendering"));
        }
    }

    /// <summary>The <paramref name="k"/> training frames nearest to <paramref name="query"/>, nearest first.</summary>
    public static IReadOnlyList<int> Nearest(ITalkingHeadData data, IReadOnlyList<int> train, int query, int k)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(train);
        var q = data.AudioFeatures.Window(query);
        var scored = new (double Distance, int Frame)[train.Count];
        for (var t = 0; t < train.Count; t++)
        {
            var w = data.AudioFeatures.Window(train[t]);
            var d = 0.0;
            for (var i = 0; i < q.Length; i++)
            {
                var diff = (double)q[i] - w[i];
                d += diff * diff;
            }

            scored[t] = (d, train[t]);
        }

        return [.. scored.OrderBy(s => s.Distance).ThenBy(s => s.Frame).Take(k).Select(s => s.Frame)];
    }
}
