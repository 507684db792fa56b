using System.Numerics;
using Research.Datasets.AudioFeatures;
using Research.Datasets.Masks;
using Research.Datasets.Prepared;
using Research.Datasets.Synthetic;
using Research.Media.Npy;
using Research.Media.Wav;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

/// <summary>
/// Prepared synthetic clips built once per test run the way the extract, audio-features (log-mel) and masks stages
/// build them: <see cref="Open"/> is tiny (64², 2 s, 25 fps: 45 train / 5 held-out frames); <see cref="OpenQuickstart"/>
/// is the quickstart's clip (128², 4 s: 90 train / 10 held-out, the default identity and motion seeds).
/// </summary>
internal static class SyntheticScene
{
    private static readonly Lazy<TempDirectory> Tiny = new(() => Build(new SyntheticHeadOptions { Seconds = 2, Resolution = 64, Threads = 2, IdentitySeed = 3, MotionSeed = 5 }));
    private static readonly Lazy<TempDirectory> Quickstart = new(() => Build(new SyntheticHeadOptions { Seconds = 4, Resolution = 128, Threads = 2 }));

    public static PreparedDataset Open() => OpenFolder(Tiny.Value);

    public static PreparedDataset OpenQuickstart() => OpenFolder(Quickstart.Value);

    private static PreparedDataset OpenFolder(TempDirectory folder) => PreparedDataset.Open(folder.Combine("clip"), folder.Combine("features"), folder.Combine("masks"));

    private static TempDirectory Build(SyntheticHeadOptions options)
    {
        var temp = new TempDirectory();
        var clip = temp.Combine("clip");
        SyntheticDatasetGenerator.GenerateAsync(clip, options).GetAwaiter().GetResult();
        var layout = Research.Datasets.ErNerf.ErNerfDataset.Open(clip);
        var n = layout.FrameCount;
        var trainCount = layout.TrainIds.Count;
        PreparedDataset.WriteInfo(clip, new PreparedDatasetInfo
        {
            FrameCount = n,
            Width = layout.Width,
            Height = layout.Height,
            Fps = 25,
            TrainCount = trainCount,
            Source = "synthetic",
            ParsingOrder = layout.ParsingChannelOrder?.ToString().ToLowerInvariant(),
        });

        var features = temp.Combine("features");
        Directory.CreateDirectory(features);
        var audio = WavFile.Read(layout.AudioPath!).ToMono();
        var windows = AudioFeatureWindows.Build(LogMelFrontEnd.Compute(audio, new LogMelOptions { MelBands = 29 }), n, 25, 16);
        NpyFile.Write(Path.Combine(features, PreparedDataset.FeaturesFile), new NpyArray(windows.Data, [windows.Frames, windows.Steps, windows.Columns]));

        var masks = temp.Combine("masks");
        Directory.CreateDirectory(Path.Combine(masks, MaskStore.MasksFolder));
        var lips = new int[n][];
        var lower = new int[n][];
        var landmarks = new Vector2[n][];
        for (var i = 0; i < n; i++)
        {
            landmarks[i] = layout.LoadLandmarks(i);
            var frameMasks = MaskDeriver.Derive(layout.LoadParsing(i), layout.LoadTeethMask(i), landmarks[i]);
            MaskStore.WriteFrame(masks, i, frameMasks);
            lips[i] = frameMasks.LipsRect.ToUpstreamList();
            lower[i] = frameMasks.LowerHalfRect.ToUpstreamList();
        }

        var heights = MouthBounds.Compute(landmarks);
        var train = MouthBounds.Compute(landmarks[..trainCount]);
        var test = MouthBounds.Compute(landmarks[trainCount..]);
        MaskStore.WriteRects(masks, new MaskRects
        {
            LipsRect = lips,
            LowerHalfRect = lower,
            MouthHeight = heights.Heights,
            TrainMouthBound = [train.Lower, train.Upper],
            TestMouthBound = [test.Lower, test.Upper],
        });
        return temp;
    }
}
