using System.Numerics;
using NUnit.Framework;
using Research.Media.Audio;
using Research.Media.Imaging;
using Research.Metrics.Sync;
using Research.Tensors;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class SyncNetEvaluatorTests
{
    private static readonly Lazy<SyncNetModel> Model = new(() => SyncNetModel.FromTensors(SyncNetTestWeights.Create(11), "generated"));

    [TestCase(250, 160000, 245)]
    [TestCase(250, 100000, 151)]
    [TestCase(100, 160000, 95)]
    [TestCase(6, 3840, 1)]
    [TestCase(6, 3839, 0)]
    [TestCase(5, 100000, 0)]
    public void Window_count_is_min_length_minus_five(int frames, int samples, int windows) =>
        Assert.That(SyncNetEvaluator.WindowCount(frames, samples), Is.EqualTo(windows));

    [Test]
    public void Evaluate_matches_a_window_by_window_pipeline()
    {
        // 12 frames, 12·640 + 100 samples: min_length 12, 7 windows; each window runs alone (batch 1) here.
        var (frames, samples) = Clip(12, (12 * 640) + 100, 3);
        var evaluator = new SyncNetEvaluator(Model.Value, batchSize: 3);
        var score = evaluator.Evaluate(frames, samples, 16000, SyncCropMode.Resize224);

        var crops = frames.Select(SyncCrop.Resize224).ToArray();
        var mfcc = Mfcc.Compute(samples, 16000);
        var video = new List<float[]>();
        var audio = new List<float[]>();
        for (var i = 0; i < 7; i++)
        {
            var v = new float[3 * 5 * 224 * 224];
            for (var c = 0; c < 3; c++)
            {
                for (var t = 0; t < 5; t++)
                {
                    for (var p = 0; p < 224 * 224; p++)
                    {
                        v[((((c * 5) + t) * 224 * 224)) + p] = crops[i + t].Pixels[(3 * p) + (2 - c)]; // BGR
                    }
                }
            }

            var a = new float[13 * 20];
            for (var h = 0; h < 13; h++)
            {
                for (var w = 0; w < 20; w++)
                {
                    a[(h * 20) + w] = (float)mfcc[(4 * i) + w, h];
                }
            }

            video.Add(Model.Value.ForwardLip(Tensor.FromArray(v, 1, 3, 5, 224, 224)).ToArray());
            audio.Add(Model.Value.ForwardAudio(Tensor.FromArray(a, 1, 1, 13, 20)).ToArray());
        }

        var expected = SyncOffsetSearch.Score(video, audio);
        Assert.Multiple(() =>
        {
            Assert.That(score.WindowCount, Is.EqualTo(7));
            Assert.That(score.SyncD, Is.EqualTo(expected.SyncD).Within(1e-5 * expected.SyncD));
            Assert.That(score.SyncC, Is.EqualTo(expected.SyncC).Within(1e-5 * expected.SyncD));
            Assert.That(score.Offset, Is.EqualTo(expected.Offset));
            Assert.That(score.MeanDistances, Is.EqualTo(expected.MeanDistances).Within(1e-5 * expected.SyncD));
        });
    }

    [Test]
    public void Batch_size_does_not_change_the_scores_beyond_rounding()
    {
        var (frames, samples) = Clip(10, 10 * 640, 4);
        var a = new SyncNetEvaluator(Model.Value, batchSize: 1).Evaluate(frames, samples, 16000, SyncCropMode.Resize224);
        var b = new SyncNetEvaluator(Model.Value, batchSize: 32).Evaluate(frames, samples, 16000, SyncCropMode.Resize224);
        Assert.That(b.MeanDistances, Is.EqualTo(a.MeanDistances).Within(1e-5 * a.SyncD));
    }

    [Test]
    public void Face_crop_mode_uses_the_landmarks()
    {
        var (frames, samples) = Clip(8, 8 * 640, 5);
        var landmarks = Enumerable.Range(0, 8).Select(f => new[] { new Vector2(20 + f, 20), new Vector2(44 + f, 50) }).ToArray();
        var evaluator = new SyncNetEvaluator(Model.Value);
        var score = evaluator.Evaluate(frames, samples, 16000, SyncCropMode.FaceCrop, landmarks);
        var whole = evaluator.Evaluate(frames, samples, 16000, SyncCropMode.Resize224);

        // Boxes are smoothed over all 8 frames (the track); only the first 7 are used by the 3 windows.
        var boxes = SyncCrop.FaceBoxes(landmarks);
        var crops = frames.Take(7).Select((f, i) => SyncCrop.FaceCrop(f, boxes[i])).ToArray();
        var (video, audio) = evaluator.Embed(crops, Mfcc.Compute(samples, 16000), 3);
        var expected = SyncOffsetSearch.Score(video, audio);
        Assert.Multiple(() =>
        {
            Assert.That(score.WindowCount, Is.EqualTo(3));
            Assert.That(double.IsFinite(score.SyncD) && double.IsFinite(score.SyncC), Is.True);
            Assert.That(score.SyncD, Is.Not.EqualTo(whole.SyncD));
            Assert.That(score.MeanDistances, Is.EqualTo(expected.MeanDistances));
            Assert.That(() => evaluator.Evaluate(frames, samples, 16000, SyncCropMode.FaceCrop), Throws.ArgumentException.With.Message.Contains("landmarks"));
        });
    }

    [Test]
    public void Wrong_sample_rate_names_the_rate_and_the_conversion()
    {
        var (frames, samples) = Clip(8, 8 * 640, 6);
        var evaluator = new SyncNetEvaluator(Model.Value);
        Assert.Multiple(() =>
        {
            Assert.That(() => evaluator.Evaluate(frames, samples, 44100, SyncCropMode.Resize224), Throws.ArgumentException.With.Message.Contains("44100 Hz").And.Message.Contains("-ar 16000"));
            Assert.That(() => SyncAudio.ToInt16(new AudioClip(16000, 2, new float[8])), Throws.ArgumentException.With.Message.Contains("2 channel(s)"));
            Assert.That(() => evaluator.Evaluate(frames.Take(5).ToArray(), samples, 16000, SyncCropMode.Resize224), Throws.ArgumentException.With.Message.Contains("no 5-frame window"));
        });
    }

    [Test]
    public void Int16_samples_round_trip_through_the_float_clip()
    {
        short[] samples = [0, 1, -1, 32767, -32768, 12345, -4321];
        var clip = new AudioClip(16000, 1, [.. samples.Select(s => s / 32768f)]);
        Assert.That(SyncAudio.ToInt16(clip), Is.EqualTo(samples));
    }

    private static (ByteImage[] Frames, short[] Samples) Clip(int frameCount, int sampleCount, int seed)
    {
        var rng = new Random(seed);
        var frames = new ByteImage[frameCount];
        for (var f = 0; f < frameCount; f++)
        {
            frames[f] = new ByteImage(64, 48, 3);
            rng.NextBytes(frames[f].Pixels);
        }

        var samples = new short[sampleCount];
        for (var i = 0; i < sampleCount; i++)
        {
            samples[i] = (short)rng.Next(-20000, 20000);
        }

        return (frames, samples);
    }
}
