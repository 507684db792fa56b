using NUnit.Framework;
using Research.Datasets.AudioFeatures;
using Research.Datasets.Synthetic.Animation;

namespace Research.Datasets.Tests.AudioFeatures;

[TestFixture]
public sealed class AudioFeatureWindowsTests
{
    [Test]
    public void At25Fps_FrameIGetsPaddedRows2ITo2IPlus16()
    {
        const int Frames = 100, Rows = 200, Columns = 29;
        var steps = Numbered(Rows, Columns);

        var windows = AudioFeatureWindows.Build(steps, Frames, 25);

        // Reference twin: literally pad 8 zero rows at each end, then slice.
        var padded = new float[(Rows + 16) * Columns];
        steps.Data.CopyTo(padded, 8 * Columns);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(windows.Shape, Is.EqualTo(new[] { Frames, 16, Columns }).AsCollection);
            Assert.That(windows.Data, Has.Length.EqualTo(Frames * 16 * Columns));
            for (var i = 0; i < Frames; i++)
            {
                var expected = padded.AsSpan(2 * i * Columns, 16 * Columns);
                Assert.That(windows.Window(i).SequenceEqual(expected), Is.True, $"frame {i}");
            }
        }
    }

    [Test]
    public void BothEnds_AreZeroPadded()
    {
        var windows = AudioFeatureWindows.Build(Numbered(200, 29), 100, 25);

        using (Assert.EnterMultipleScope())
        {
            // Frame 0 is centred on step 0: its first 8 rows precede the audio.
            Assert.That(windows.Window(0)[..(8 * 29)].ToArray(), Has.All.EqualTo(0f));
            Assert.That(windows[0, 8, 0], Is.EqualTo(1f));
            Assert.That(windows[0, 8, 5], Is.EqualTo(6f));

            // Frame 99 takes steps 190…205; the last six lie past the 200 rows.
            Assert.That(windows[99, 9, 0], Is.EqualTo(Value(199, 0)));
            Assert.That(windows.Window(99)[(10 * 29)..].ToArray(), Has.All.EqualTo(0f));
        }
    }

    [Test]
    public void MissingAudioAtTheEnd_IsZero()
    {
        var windows = AudioFeatureWindows.Build(Numbered(50, 4), 40, 25);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(windows.Shape, Is.EqualTo(new[] { 40, 16, 4 }).AsCollection);
            Assert.That(windows.Window(39).ToArray(), Has.All.EqualTo(0f), "frame 39 covers steps 70…85, past the 50 rows");

            // Frame 24 covers steps 40…55: ten real rows, then six zero rows.
            Assert.That(windows[24, 9, 3], Is.EqualTo(Value(49, 3)));
            Assert.That(windows.Window(24)[(10 * 4)..].ToArray(), Has.All.EqualTo(0f));
        }
    }

    [Test]
    public void OtherFrameRates_UseTheNearest50HzStep()
    {
        var steps = Numbered(200, 3);
        var windows = AudioFeatureWindows.Build(steps, 120, 30);

        using (Assert.EnterMultipleScope())
        {
            // Frame 7 at 30 fps is 0.2333 s, nearest step round(11.67) = 12, so rows 4…19.
            Assert.That(windows[7, 0, 0], Is.EqualTo(Value(4, 0)));
            Assert.That(windows[7, 15, 2], Is.EqualTo(Value(19, 2)));

            // Frame 3 is 0.1 s exactly: step 5, rows −3…12.
            Assert.That(windows[3, 2, 0], Is.Zero);
            Assert.That(windows[3, 3, 1], Is.EqualTo(Value(0, 1)));
        }
    }

    [Test]
    public void SyntheticSpeech_EndToEnd_GivesDeepSpeechShapedWindowsThatPredictTheJaw()
    {
        var performance = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 4, MotionSeed = 21 });
        var jaw = Enumerable.Range(0, performance.FrameCount).Select(i => (double)performance.Weight(i, Expression.JawDrop)).ToArray();
        var features = LogMelFrontEnd.Compute(performance.Audio);
        var windows = AudioFeatureWindows.Build(features, performance.FrameCount, performance.Fps);

        // Mean log energy of the two central steps of each window, a one-number audio-driven predictor.
        var loudness = new double[windows.Frames];
        for (var i = 0; i < windows.Frames; i++)
        {
            for (var c = 0; c < windows.Columns; c++)
            {
                loudness[i] += windows[i, 7, c] + windows[i, 8, c];
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(features.Rows, Is.EqualTo(200));
            Assert.That(windows.Shape, Is.EqualTo(new[] { 100, 16, 29 }).AsCollection);
            Assert.That(Statistics.Pearson(jaw, loudness), Is.GreaterThan(0.7));
        }
    }

    private static float Value(int row, int column) => (row * 100) + column + 1;

    // Distinct non-zero values so any misplaced or zeroed row shows.
    private static FeatureMatrix Numbered(int rows, int columns)
    {
        var data = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[(r * columns) + c] = Value(r, c);
            }
        }

        return new FeatureMatrix(rows, columns, data);
    }
}
